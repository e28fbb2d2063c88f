package dev.llmchat.backend.copy;

/** The copy cannot be made as asked; nothing was copied. The message is one sentence that says what to do. */
final class CopyRefusedException extends RuntimeException {

	CopyRefusedException(String message) {
		super(message);
	}

}
