package dev.llmchat.frontend.backend;

import org.springframework.http.MediaType;

/**
 * A file the backend handed over as an attachment: its bytes, its type and the file name it suggested (may be
 * {@code null}).
 */
public record Download(byte[] body, MediaType contentType, String fileName) {
}
