package dev.llmchat.backend.transfer;

/**
 * One conversation read from an imported file: checked and ready to store, or rejected with the reason.
 *
 * @param index its position in the file, from 0
 * @param title its title as the file has it, made safe to show
 * @param chat the chat to store; null when rejected
 * @param reason why it is rejected; null when accepted
 */
record Candidate(int index, String title, ExportedChat chat, String reason) {

	boolean accepted() {
		return this.chat != null;
	}

}
