package dev.llmchat.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The chat completion requests received so far, in arrival order. Off in the standalone process, where nobody reads
 * them and a long benchmark would fill the heap.
 */
final class ReceivedRequests {

	private final Queue<ReceivedRequest> requests = new ConcurrentLinkedQueue<>();

	private final boolean enabled;

	ReceivedRequests(boolean enabled) {
		this.enabled = enabled;
	}

	void add(HttpHeaders headers, String body) {
		if (this.enabled) {
			this.requests.add(new ReceivedRequest(lowerCaseNames(headers), body));
		}
	}

	List<ReceivedRequest> snapshot() {
		return List.copyOf(this.requests);
	}

	void clear() {
		this.requests.clear();
	}

	private static Map<String, String> lowerCaseNames(HttpHeaders headers) {
		Map<String, String> names = new TreeMap<>();
		for (Map.Entry<String, String> header : headers) {
			names.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(),
					(first, next) -> first + ", " + next);
		}
		return names;
	}

}
