package dev.llmchat.backend.transfer;

/** One conversation of an imported file cannot be taken; the message says why, in a sentence. */
class RejectedConversation extends RuntimeException {

	RejectedConversation(String reason) {
		super(reason, null, false, false);
	}

}
