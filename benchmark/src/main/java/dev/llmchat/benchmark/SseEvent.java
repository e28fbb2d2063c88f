package dev.llmchat.benchmark;

/**
 * One server-sent event: its {@code id:} (null when none was sent) and its {@code data:} lines joined by newlines.
 */
record SseEvent(String id, String data) {

}
