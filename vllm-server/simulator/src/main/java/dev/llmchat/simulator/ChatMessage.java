package dev.llmchat.simulator;

/**
 * One entry of a chat completion request's {@code messages}; {@code content} is the text, with the text parts of a
 * multi-part content joined and a missing content read as "".
 */
public record ChatMessage(String role, String content) {

}
