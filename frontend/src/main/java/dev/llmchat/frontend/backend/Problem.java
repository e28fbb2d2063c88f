package dev.llmchat.frontend.backend;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * An error answer of the backend: its status, its body as it came, and the body's {@code detail} when it had one.
 */
public record Problem(HttpStatusCode status, MediaType contentType, byte[] body, String detail) {
}
