package dev.llmchat.backend.chat;

/** Published just before a chat is deleted, so that a generation running in it can be stopped. */
public record ChatDeletedEvent(Long chatId) {

}
