package dev.llmchat.frontend.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem from outside Spring MVC (the security filters), in the person's language.
 */
@Component
class ProblemWriter {

	private final JsonMapper json;

	private final MessageSource messages;

	private final LocaleResolver locales;

	ProblemWriter(JsonMapper json, MessageSource messages, LocaleResolver locales) {
		this.json = json;
		this.messages = messages;
		this.locales = locales;
	}

	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detailKey)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", this.messages.getMessage(detailKey, null, this.locales.resolveLocale(request)));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
