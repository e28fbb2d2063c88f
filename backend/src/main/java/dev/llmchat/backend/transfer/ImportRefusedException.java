package dev.llmchat.backend.transfer;

import java.util.List;

import org.springframework.http.HttpStatus;

/** Nothing of an imported file is taken (nothing was stored): the reason, and each conversation's if it had any. */
class ImportRefusedException extends RuntimeException {

	private final HttpStatus status;

	private final List<ImportResult.Rejected> rejected;

	ImportRefusedException(HttpStatus status, String detail, List<ImportResult.Rejected> rejected) {
		super(detail, null, false, false);
		this.status = status;
		this.rejected = rejected;
	}

	HttpStatus status() {
		return this.status;
	}

	List<ImportResult.Rejected> rejected() {
		return this.rejected;
	}

}
