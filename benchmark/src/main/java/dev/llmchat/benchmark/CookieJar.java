package dev.llmchat.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cookies of one host, kept as a browser keeps them: each {@code Set-Cookie} sets its cookie, and an empty one
 * or {@code Max-Age=0} forgets it. Attributes other than that are of no use to the load driver. Concurrent streams
 * share one jar, as a browser's tabs do.
 */
final class CookieJar {

	private final Map<String, String> cookies = new LinkedHashMap<>();

	synchronized void keep(List<String> setCookieHeaders) {
		for (String header : setCookieHeaders) {
			String pair = header.split(";", 2)[0];
			int equals = pair.indexOf('=');
			if (equals <= 0) {
				continue;
			}
			String name = pair.substring(0, equals).strip();
			String value = pair.substring(equals + 1).strip();
			if (value.isEmpty() || header.matches("(?i).*;\\s*Max-Age=0\\s*(;.*)?")) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, value);
			}
		}
	}

	synchronized boolean has(String name) {
		return this.cookies.containsKey(name);
	}

	/** The {@code Cookie} header that sends them all back. */
	synchronized String header() {
		return this.cookies.entrySet()
			.stream()
			.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
	}

}
