package dev.llmchat.backend.system;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses JSON text that cannot be stored as it came: a string with an unpaired surrogate escape ({@code "\ud800"})
 * is not valid Unicode (SQLite would silently make it {@code ?}, the model server fails on it), and PostgreSQL's text
 * cannot hold the NUL character ({@code "\u0000"}), which SQLite takes; both are refused on every database, so that
 * a client gets the same answer whichever the backend runs on. Such a request is a 400 at the door instead of a 5xx
 * later.
 */
class UnicodeTextModule extends SimpleModule {

	UnicodeTextModule() {
		super("llmchat-unicode-text");
		setDeserializerModifier(new ValueDeserializerModifier() {

			@Override
			public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier bean,
					ValueDeserializer<?> deserializer) {
				return (bean.getBeanClass() == String.class) ? new ValidText(deserializer) : deserializer;
			}

		});
	}

	/** Whether the text has a NUL character or an unpaired surrogate. */
	static boolean isUnstorable(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\u0000') {
				return true;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
					continue;
				}
				return true;
			}
			if (Character.isLowSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	/** The request held text with a NUL character or an unpaired surrogate. */
	static final class InvalidTextException extends MismatchedInputException {

		InvalidTextException(JsonParser parser) {
			super(parser, "text with a NUL character or an unpaired UTF-16 surrogate", (Class<?>) String.class);
		}

	}

	/** The standard String deserializer, then the check. */
	private static final class ValidText extends DelegatingDeserializer {

		ValidText(ValueDeserializer<?> delegatee) {
			super(delegatee);
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegatee) {
			return new ValidText(delegatee);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) {
			Object value = super.deserialize(parser, context);
			if (value instanceof String text && isUnstorable(text)) {
				throw new InvalidTextException(parser);
			}
			return value;
		}

	}

}
