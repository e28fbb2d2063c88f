package dev.llmchat.frontend.backend;

/**
 * The backend's answer to a login: a bearer JWT and how many seconds it lasts.
 */
public record AccessToken(String accessToken, String tokenType, long expiresIn) {
}
