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
 * Refuses JSON text that is not valid Unicode: a string with an unpaired surrogate escape ({@code "\ud800"}) cannot
 * be stored in SQLite's UTF-8 as it came (it would silently become {@code ?}) nor sent on to the model server, which
 * fails on it. Such a request is a 400 at the door instead of a 502 later.
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

	static boolean hasUnpairedSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
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

	/** The request held text with an unpaired surrogate. */
	static final class InvalidTextException extends MismatchedInputException {

		InvalidTextException(JsonParser parser) {
			super(parser, "text with an unpaired UTF-16 surrogate", (Class<?>) String.class);
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
			if (value instanceof String text && hasUnpairedSurrogate(text)) {
				throw new InvalidTextException(parser);
			}
			return value;
		}

	}

}
