package dev.llmchat.backend.auth;

/** The authenticated caller, as the bearer token names them. Controllers take it as an argument. */
public record CurrentUser(Long id) {

}
