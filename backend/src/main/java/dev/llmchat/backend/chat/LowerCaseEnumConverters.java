package dev.llmchat.backend.chat;

import java.util.Locale;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** The schema stores roles, statuses and title sources in lower case, as they appear on the wire. */
final class LowerCaseEnumConverters {

	private LowerCaseEnumConverters() {
	}

	@Converter(autoApply = true)
	static class RoleConverter implements AttributeConverter<MessageRole, String> {

		@Override
		public String convertToDatabaseColumn(MessageRole role) {
			return role == null ? null : role.wireName();
		}

		@Override
		public MessageRole convertToEntityAttribute(String value) {
			return value == null ? null : MessageRole.valueOf(value.toUpperCase(Locale.ROOT));
		}

	}

	@Converter(autoApply = true)
	static class StatusConverter implements AttributeConverter<MessageStatus, String> {

		@Override
		public String convertToDatabaseColumn(MessageStatus status) {
			return status == null ? null : status.wireName();
		}

		@Override
		public MessageStatus convertToEntityAttribute(String value) {
			return value == null ? null : MessageStatus.valueOf(value.toUpperCase(Locale.ROOT));
		}

	}

	@Converter(autoApply = true)
	static class TitleSourceConverter implements AttributeConverter<TitleSource, String> {

		@Override
		public String convertToDatabaseColumn(TitleSource source) {
			return source == null ? null : source.wireName();
		}

		@Override
		public TitleSource convertToEntityAttribute(String value) {
			return value == null ? null : TitleSource.valueOf(value.toUpperCase(Locale.ROOT));
		}

	}

}
