package dev.llmchat.frontend.chat;

import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import dev.llmchat.frontend.auth.SessionSignIn;
import dev.llmchat.frontend.backend.BackendProblemException;
import dev.llmchat.frontend.backend.BackendUnavailableException;
import dev.llmchat.frontend.backend.Problem;
import dev.llmchat.frontend.backend.SessionExpiredException;

/**
 * How the chat page's JSON API fails: always problem+json with a {@code detail} the page shows as it is, in the
 * person's language, or the backend's own status and sentence. A refused field is named in {@code field}
 * (snake_case, as the request wrote it) so the page can show the sentence next to it.
 */
@RestControllerAdvice(assignableTypes = { ChatApiController.class, VersionsApiController.class,
		SettingsApiController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

	private static final Pattern CAPITAL = Pattern.compile("(?=\\p{Upper})");

	private final SessionSignIn sessions;

	private final MessageSource messages;

	ApiExceptionHandler(SessionSignIn sessions, MessageSource messages) {
		this.sessions = sessions;
		this.messages = messages;
	}

	@ExceptionHandler(SessionExpiredException.class)
	ResponseEntity<ProblemDetail> sessionExpired(HttpServletRequest request, HttpServletResponse response) {
		this.sessions.signOut(request, response);
		return problem(HttpStatus.UNAUTHORIZED, "api.session.expired");
	}

	@ExceptionHandler(BackendUnavailableException.class)
	ResponseEntity<ProblemDetail> backendUnavailable() {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "api.backend.unavailable");
	}

	/** The backend's own status and problem body, so the page shows the backend's sentence. */
	@ExceptionHandler(BackendProblemException.class)
	ResponseEntity<?> backendProblem(BackendProblemException ex) {
		Problem problem = ex.problem();
		if (problem.detail() == null) {
			return problem(problem.status(), "api.backend.failed");
		}
		return ResponseEntity.status(problem.status())
			.contentType((problem.contentType() != null) ? problem.contentType() : MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem.body());
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException ex) {
		FieldError error = ex.getBindingResult().getFieldError();
		String field = (error != null) ? error.getField() : "request";
		if ("prompt".equals(field) && error != null && "Size".equals(error.getCode())) {
			return problem(HttpStatus.CONTENT_TOO_LARGE, "api.invalid.prompt-too-long");
		}
		ResponseEntity<ProblemDetail> answer = problem(HttpStatus.UNPROCESSABLE_CONTENT, switch (field) {
			case "chatId" -> "api.invalid.chat";
			case "messageId" -> "api.invalid.message";
			case "prompt" -> "api.invalid.prompt";
			case "model" -> "api.invalid.model";
			case "title" -> "api.invalid.title";
			case "systemPrompt" -> "api.invalid.system-prompt";
			case "temperature" -> "api.invalid.temperature";
			case "topP" -> "api.invalid.top-p";
			case "maxTokens" -> "api.invalid.max-tokens";
			default -> "api.invalid.request";
		});
		if (error != null) {
			answer.getBody().setProperty("field", String.join("_", CAPITAL.split(field)).toLowerCase(Locale.ROOT));
		}
		return answer;
	}

	@ExceptionHandler({ HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class })
	ResponseEntity<ProblemDetail> unreadable() {
		return problem(HttpStatus.BAD_REQUEST, "api.invalid.request");
	}

	@ExceptionHandler(InvalidRequestException.class)
	ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException ex) {
		return problem(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	private ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String detailKey) {
		Locale locale = LocaleContextHolder.getLocale();
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, this.messages.getMessage(detailKey, null, locale));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

	/** A request the backend is never asked about; the message is the key of the sentence to show. */
	static final class InvalidRequestException extends RuntimeException {

		InvalidRequestException(String detailKey) {
			super(detailKey);
		}

	}

}
