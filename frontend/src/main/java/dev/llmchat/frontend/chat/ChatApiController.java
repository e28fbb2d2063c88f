package dev.llmchat.frontend.chat;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import dev.llmchat.frontend.auth.BackendUser;
import dev.llmchat.frontend.auth.SessionSignIn;
import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.BackendProblemException;
import dev.llmchat.frontend.backend.BackendStreams;
import dev.llmchat.frontend.backend.BackendUnavailableException;
import dev.llmchat.frontend.backend.Chat;
import dev.llmchat.frontend.backend.ChatSummary;
import dev.llmchat.frontend.backend.NewChat;
import dev.llmchat.frontend.backend.Problem;
import dev.llmchat.frontend.backend.SessionExpiredException;

/**
 * The JSON API of the chat page: it relays the chat list (search, create, rename, delete), prompts, answer
 * streams, attach and stop to the backend with the session's token. Every error is problem+json with a {@code detail} the page shows as it is.
 */
@RestController
@RequestMapping("/api")
class ChatApiController {

	private static final Pattern EVENT_ID = Pattern.compile("[0-9]{1,19}");

	private final BackendClient backend;

	private final BackendStreams streams;

	private final EventStreamRelay relay;

	private final SessionSignIn sessions;

	private final MessageSource messages;

	ChatApiController(BackendClient backend, BackendStreams streams, EventStreamRelay relay, SessionSignIn sessions,
			MessageSource messages) {
		this.backend = backend;
		this.streams = streams;
		this.relay = relay;
		this.sessions = sessions;
		this.messages = messages;
	}

	/** The person's chats, newest activity first, those whose title holds {@code q} when it is given. */
	@GetMapping("/chats")
	List<ChatSummary> chats(@RequestParam(name = "q", required = false) String query,
			@AuthenticationPrincipal BackendUser user) {
		return this.backend.chats(user.token(), ChatSearch.normalize(query));
	}

	/** A chat with the backend's defaults, created by the page when its first message is sent. */
	@PostMapping("/chats")
	ResponseEntity<Chat> create(@AuthenticationPrincipal BackendUser user) {
		Chat chat = this.backend.createChat(user.token(), new NewChat(null, null, null));
		return ResponseEntity.status(HttpStatus.CREATED).body(chat);
	}

	@PutMapping(path = "/chats/{id}/title", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> rename(@PathVariable("id") long chatId, @Valid @RequestBody RenameForm rename,
			@AuthenticationPrincipal BackendUser user) {
		this.backend.renameChat(user.token(), chatId, rename.title().strip());
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/chats/{id}")
	ResponseEntity<Void> delete(@PathVariable("id") long chatId, @AuthenticationPrincipal BackendUser user) {
		this.backend.deleteChat(user.token(), chatId);
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = "/stream", consumes = MediaType.APPLICATION_JSON_VALUE)
	void stream(@Valid @RequestBody PromptRequest prompt, @AuthenticationPrincipal BackendUser user,
			HttpServletResponse response) {
		this.relay.relay(this.streams.generate(user.token(), prompt.toGenerateRequest(true)), response);
	}

	@PostMapping(path = "/generate", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> generate(@Valid @RequestBody PromptRequest prompt,
			@AuthenticationPrincipal BackendUser user) {
		return this.backend.generate(user.token(), prompt.toGenerateRequest(false));
	}

	@GetMapping("/chats/{id}/generation")
	void attach(@PathVariable("id") long chatId,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@AuthenticationPrincipal BackendUser user, HttpServletResponse response) {
		if (lastEventId != null && !EVENT_ID.matcher(lastEventId).matches()) {
			throw new InvalidRequestException("api.invalid.last-event-id");
		}
		this.relay.relay(this.streams.attach(user.token(), chatId, lastEventId), response);
	}

	@PostMapping("/chats/{id}/stop")
	ResponseEntity<Void> stop(@PathVariable("id") long chatId, @AuthenticationPrincipal BackendUser user) {
		this.backend.stopGeneration(user.token(), chatId);
		return ResponseEntity.noContent().build();
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
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, switch (field) {
			case "chatId" -> "api.invalid.chat";
			case "prompt" -> "api.invalid.prompt";
			case "model" -> "api.invalid.model";
			case "title" -> "api.invalid.title";
			default -> "api.invalid.request";
		});
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
