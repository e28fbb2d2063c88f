package dev.llmchat.benchmark;

import io.netty.handler.codec.http.HttpHeaders;

/** A whole HTTP answer: status, headers and body text. */
record Reply(int status, HttpHeaders headers, String body) {

	boolean ok() {
		return this.status >= 200 && this.status < 300;
	}

	Reply require(String what) {
		if (!ok()) {
			throw new IllegalStateException(what + " answered " + this.status + ": " + this.body);
		}
		return this;
	}

}
