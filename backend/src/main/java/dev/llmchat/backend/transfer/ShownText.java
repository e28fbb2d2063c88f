package dev.llmchat.backend.transfer;

/** Text from an uploaded file made safe to show back: without NUL or unpaired surrogates, and abbreviated. */
final class ShownText {

	private ShownText() {
	}

	static String of(String text, int maxCodePoints) {
		if (text == null) {
			return null;
		}
		StringBuilder shown = new StringBuilder();
		int count = 0;
		for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
			int codePoint = text.codePointAt(i);
			if (codePoint == 0 || Character.isSurrogate((char) codePoint) && Character.charCount(codePoint) == 1) {
				continue;
			}
			if (count++ == maxCodePoints) {
				return shown.append('…').toString();
			}
			shown.appendCodePoint(codePoint);
		}
		return shown.toString();
	}

}
