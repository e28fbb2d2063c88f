package dev.llmchat.benchmark;

/**
 * How one stream went. Times are nanoseconds from sending the request: to the first piece of text, and to the event
 * that ends the answer; both are -1 when they never came.
 *
 * @param error why the stream failed, null when it was complete
 * @param messageId the stored answer's id (backend and frontend), else null
 */
record StreamResult(String error, long ttftNanos, long totalNanos, String text, Long messageId) {

	boolean ok() {
		return this.error == null;
	}

	static StreamResult failed(String error) {
		return new StreamResult(error, -1, -1, "", null);
	}

}
