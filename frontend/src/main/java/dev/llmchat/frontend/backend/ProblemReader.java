package dev.llmchat.frontend.backend;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an error answer of the backend into the exception the pages and scripts act on.
 */
@Component
class ProblemReader {

	private final JsonMapper json;

	ProblemReader(JsonMapper json) {
		this.json = json;
	}

	/**
	 * @param status the backend's status
	 * @param contentType the backend's content type, may be {@code null}
	 * @param body the backend's body, may be empty
	 * @param authenticated whether the call carried the session's token (a 401 then means the session is over)
	 */
	RuntimeException translate(HttpStatusCode status, MediaType contentType, byte[] body, boolean authenticated) {
		if (authenticated && status.value() == HttpStatus.UNAUTHORIZED.value()) {
			return new SessionExpiredException();
		}
		Problem problem = new Problem(status, contentType, body, detail(body));
		if (status.value() == HttpStatus.NOT_FOUND.value()) {
			return new BackendNotFoundException(problem);
		}
		return new BackendProblemException(problem);
	}

	private String detail(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode node = this.json.readTree(body);
			JsonNode detail = node.get("detail");
			if (detail == null || detail.isNull()) {
				return null;
			}
			if (detail.isString()) {
				return detail.asString();
			}
			// FastAPI-style validation errors put a list here; show their messages
			return detail.findValuesAsString("msg").stream().reduce((a, b) -> a + "; " + b).orElse(null);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
