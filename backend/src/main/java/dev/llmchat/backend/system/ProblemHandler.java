package dev.llmchat.backend.system;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.llmchat.backend.llm.LlmException;

/**
 * Every error of the API as RFC 9457 problem+json whose {@code detail} is one sentence a person can act on. Domain
 * exceptions keep their status; anything unexpected is logged and answered with a neutral 500.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(ConflictException.class)
	ProblemDetail conflict(ConflictException ex) {
		return problem(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalid(InvalidRequestException ex) {
		return problem(ex.status(), ex.getMessage());
	}

	@ExceptionHandler(UnauthorizedException.class)
	ResponseEntity<ProblemDetail> unauthorized(UnauthorizedException ex) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.body(problem(HttpStatus.UNAUTHORIZED, ex.getMessage()));
	}

	@ExceptionHandler(TooManyRequestsException.class)
	ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
			.body(problem(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage()));
	}

	@ExceptionHandler(LlmException.class)
	ProblemDetail modelServer(LlmException ex) {
		return problem(HttpStatus.valueOf(ex.httpStatus()), ex.getMessage());
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ProblemDetail constraintViolation(ConstraintViolationException ex) {
		List<String> errors = ex.getConstraintViolations()
			.stream()
			.map(violation -> lastNode(violation.getPropertyPath().toString()) + " " + violation.getMessage())
			.sorted()
			.toList();
		return validationProblem(errors);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return problem(HttpStatus.BAD_REQUEST, "The value of '" + ex.getName() + "' is not valid here.");
	}

	/** Tomcat could not decode a query parameter (an overlong or broken UTF-8 sequence such as %C0%AF). */
	@ExceptionHandler(InvalidParameterException.class)
	ProblemDetail undecodableParameter(InvalidParameterException ex) {
		return problem(HttpStatus.BAD_REQUEST, "A query parameter is not valid UTF-8 once decoded; check how it is encoded.");
	}

	/** Spring refuses a wildcard Content-Type (such as *&#47;*) with an IllegalArgumentException. */
	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail illegalArgument(IllegalArgumentException ex, HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType != null && contentType.strip().startsWith("*")) {
			return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
		}
		return unexpected(ex);
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		logger.error("Unexpected error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on the server; the error has been logged. Try again.");
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<String> errors = Stream
			.concat(ex.getBindingResult().getFieldErrors().stream().map(ProblemHandler::describe),
					ex.getBindingResult().getGlobalErrors().stream().map(error -> error.getDefaultMessage()))
			.sorted()
			.toList();
		return ResponseEntity.unprocessableContent().body(validationProblem(errors));
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<String> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(error -> result.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()))
			.sorted()
			.toList();
		return ResponseEntity.unprocessableContent().body(validationProblem(errors));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getMostSpecificCause() instanceof UnicodeTextModule.InvalidTextException) {
			return ResponseEntity.badRequest()
				.body(problem(HttpStatus.BAD_REQUEST, "A text in the request has a NUL character (\\u0000) or is not "
						+ "valid Unicode (an unpaired surrogate such as \\ud800); send the text as it was typed."));
		}
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST,
					"The request body is missing or is not valid JSON of the expected shape; check the field types."));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && problem.getDetail() == null) {
			problem.setDetail(defaultDetail(statusCode));
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	private static ProblemDetail validationProblem(List<String> errors) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT,
				errors.isEmpty() ? "The request is not valid." : "Please fix: " + String.join("; ", errors) + ".");
		problem.setProperty("errors", errors);
		return problem;
	}

	private static String describe(FieldError error) {
		return snakeCase(error.getField()) + " " + error.getDefaultMessage();
	}

	private static String lastNode(String path) {
		return snakeCase(path.substring(path.lastIndexOf('.') + 1));
	}

	private static String snakeCase(String name) {
		return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

	static String defaultDetail(HttpStatusCode status) {
		return Map.of(404, "There is nothing at this address.", 405, "This address does not accept that method.",
				406, "The requested response type is not available.", 413, "The request is too large.", 415,
				"Send the body as application/json.")
			.getOrDefault(status.value(), "The request could not be processed.");
	}

	static ProblemDetail problem(HttpStatusCode status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		HttpStatus known = HttpStatus.resolve(status.value());
		problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
		return problem;
	}

}
