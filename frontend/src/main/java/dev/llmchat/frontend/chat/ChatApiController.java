package dev.llmchat.frontend.chat;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmchat.frontend.auth.BackendUser;
import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.BackendStreams;
import dev.llmchat.frontend.backend.Chat;
import dev.llmchat.frontend.backend.ChatSummary;
import dev.llmchat.frontend.backend.NewChat;

/**
 * The JSON API of the chat page: it relays the chat list (search, create, rename, delete), prompts, answer streams,
 * attach and stop to the backend with the session's token. Every error is problem+json with a {@code detail} the
 * page shows as it is ({@link ApiExceptionHandler}).
 */
@RestController
@RequestMapping("/api")
class ChatApiController {

	private static final Pattern EVENT_ID = Pattern.compile("[0-9]{1,19}");

	private final BackendClient backend;

	private final BackendStreams streams;

	private final EventStreamRelay relay;

	ChatApiController(BackendClient backend, BackendStreams streams, EventStreamRelay relay) {
		this.backend = backend;
		this.streams = streams;
		this.relay = relay;
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
			throw new ApiExceptionHandler.InvalidRequestException("api.invalid.last-event-id");
		}
		this.relay.relay(this.streams.attach(user.token(), chatId, lastEventId), response);
	}

	@PostMapping("/chats/{id}/stop")
	ResponseEntity<Void> stop(@PathVariable("id") long chatId, @AuthenticationPrincipal BackendUser user) {
		this.backend.stopGeneration(user.token(), chatId);
		return ResponseEntity.noContent().build();
	}

}
