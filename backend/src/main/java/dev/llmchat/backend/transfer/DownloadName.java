package dev.llmchat.backend.transfer;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The name a download is saved under, made from a chat's title: plain ASCII letters, digits and dashes, so that no
 * title (quotes, line breaks, slashes, right-to-left marks) can break the {@code Content-Disposition} header or name
 * a path.
 */
final class DownloadName {

	private static final int MAX_LENGTH = 60;

	private DownloadName() {
	}

	static String of(String title, String fallback, String extension) {
		String ascii = Normalizer.normalize((title == null) ? "" : title, Normalizer.Form.NFKD)
			.replaceAll("\\p{M}", "")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-+|-+$", "");
		if (ascii.length() > MAX_LENGTH) {
			ascii = ascii.substring(0, MAX_LENGTH).replaceAll("-+$", "");
		}
		return (ascii.isEmpty() ? fallback : ascii) + "." + extension;
	}

}
