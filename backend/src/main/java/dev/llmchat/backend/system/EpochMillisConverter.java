package dev.llmchat.backend.system;

import java.time.Instant;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link Instant}s as epoch milliseconds, the schema's time format. */
@Converter(autoApply = true)
public class EpochMillisConverter implements AttributeConverter<Instant, Long> {

	@Override
	public Long convertToDatabaseColumn(Instant instant) {
		return instant == null ? null : instant.toEpochMilli();
	}

	@Override
	public Instant convertToEntityAttribute(Long millis) {
		return millis == null ? null : Instant.ofEpochMilli(millis);
	}

}
