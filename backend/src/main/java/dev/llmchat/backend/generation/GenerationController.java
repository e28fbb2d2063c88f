package dev.llmchat.backend.generation;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.llmchat.backend.auth.CurrentUser;
import dev.llmchat.backend.chat.ConversationStore;
import dev.llmchat.backend.chat.MessageStatus;
import dev.llmchat.backend.chat.MessageView;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "Generation", description = "Answers from the model, owned by the server: a client may leave and come back")
class GenerationController {

	private final GenerationService generations;

	private final EventStreamWriter streams;

	private final ConversationStore store;

	private final JsonMapper json;

	GenerationController(GenerationService generations, EventStreamWriter streams, ConversationStore store,
			JsonMapper json) {
		this.generations = generations;
		this.streams = streams;
		this.store = store;
		this.json = json;
	}

	@PostMapping("/generate")
	@Operation(summary = "Answer a prompt in a chat",
			description = "stream=false: the whole answer as JSON (resposta). stream=true: text/event-stream of "
					+ "start, token, done or error events, each written as 'id: N', 'data: {json}' and a blank line. "
					+ "404 unknown chat, 409 an answer is already running, 413/422 prompt too long or empty, 429 too "
					+ "many answers, 502 the model server failed, 503 it cannot be reached, 504 no first token in time.")
	@ApiResponse(responseCode = "200", description = "The answer: whole, or as it is generated",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = GenerateResponse.class)),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")) })
	// an answer is written here, in the request (a stream for as long as the answer runs), so that errors before it
	// starts still reach the problem handler
	void generate(@AuthenticationPrincipal CurrentUser user, @Valid @RequestBody GenerateRequest request,
			HttpServletResponse response) throws IOException {
		answer(this.generations.start(user.id(), request.chatId(), new ConversationStore.Prompt.Next(request.prompt()),
				request.model(), request.options()), request.chatId(), request.stream(), request.options(), response);
	}

	@PostMapping("/chats/{id}/messages/{messageId}/edit")
	@Operation(summary = "Edit one of your messages and answer it again",
			description = "Stores a new version of the message (same parent) with content, shows the branch that "
					+ "continues from it, and answers it exactly as POST /generate does (same JSON, same events); the "
					+ "model is sent that branch only. Earlier versions are kept (PUT /chats/{id}/branch shows them). "
					+ "404 unknown chat or message, 409 an answer is running, 422 not a user message or empty content, "
					+ "and the errors of POST /generate.")
	@ApiResponse(responseCode = "200", description = "The answer: whole, or as it is generated",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = GenerateResponse.class)),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")) })
	void edit(@AuthenticationPrincipal CurrentUser user, @PathVariable Long id, @PathVariable Long messageId,
			@Valid @RequestBody EditRequest request, HttpServletResponse response) throws IOException {
		answer(this.generations.start(user.id(), id, new ConversationStore.Prompt.Edit(messageId, request.content()),
				request.model(), request.options()), id, request.stream(), request.options(), response);
	}

	@PostMapping("/chats/{id}/messages/{messageId}/regenerate")
	@Operation(summary = "Answer the same question again",
			description = "messageId is an answer: a new version of it (same question) is generated and shown, exactly "
					+ "as POST /generate answers (same JSON, same events); the earlier versions are kept. The body "
					+ "is optional. 404 unknown chat or message, 409 an answer is running, 422 not an answer, and the "
					+ "errors of POST /generate.")
	@ApiResponse(responseCode = "200", description = "The answer: whole, or as it is generated",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = GenerateResponse.class)),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")) })
	void regenerate(@AuthenticationPrincipal CurrentUser user, @PathVariable Long id, @PathVariable Long messageId,
			@Valid @RequestBody(required = false) RegenerateRequest body, HttpServletResponse response)
			throws IOException {
		RegenerateRequest request = (body != null) ? body : RegenerateRequest.NONE;
		answer(this.generations.start(user.id(), id, new ConversationStore.Prompt.Regenerate(messageId),
				request.model(), request.options()), id, request.stream(), request.options(), response);
	}

	/** Writes a started answer as events while it is generated, or as one JSON object once it is complete. */
	private void answer(Generation generation, Long chatId, Boolean stream, GenerateRequest.Options options,
			HttpServletResponse response) throws IOException {
		if (Boolean.TRUE.equals(stream)) {
			await(generation.ready());
			this.streams.write(generation.events(0), response);
			return;
		}
		ConversationStore.FinalAnswer answer = await(generation.finished());
		if (answer.status() == MessageStatus.ERROR) {
			throw generation.failure();
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), new GenerateResponse(chatId, generation.model(),
				generation.question(), answer.content(), false, options, this.store.answer(answer.answerId())));
	}

	@GetMapping("/chats/{id}/generation")
	@Operation(summary = "Follow the chat's running answer",
			description = "Replays the events after Last-Event-ID (all without it), then follows live, whichever "
					+ "replica generates the answer. 204 when nothing is running.")
	@ApiResponse(responseCode = "200", description = "The answer's events",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "204", description = "Nothing is running", content = @Content)
	void attach(@AuthenticationPrincipal CurrentUser user, @PathVariable Long id,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, HttpServletResponse response)
			throws IOException {
		Optional<Flux<GenerationEvent>> events = this.generations.follow(user.id(), id, parseEventId(lastEventId));
		if (events.isEmpty()) {
			response.setStatus(HttpStatus.NO_CONTENT.value());
			return;
		}
		this.streams.write(events.get(), response);
	}

	@PostMapping("/chats/{id}/generation/stop")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Stop the chat's running answer",
			description = "The model server's request is cancelled and the text so far kept as interrupted; "
					+ "followers get done with finish_reason \"stopped\". 204 also when nothing was running.")
	void stop(@AuthenticationPrincipal CurrentUser user, @PathVariable Long id) {
		this.generations.stop(user.id(), id);
	}

	private static long parseEventId(String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return 0;
		}
		try {
			return Math.max(0, Long.parseLong(lastEventId.strip()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static <T> T await(CompletableFuture<T> future) {
		try {
			return future.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the model", ex);
		}
	}

	/** The answer of {@code stream: false}, in the original backend's shape ({@code resposta} is the text). */
	record GenerateResponse(Long chatId, String model, String prompt, String resposta, boolean stream,
			GenerateRequest.Options options, MessageView message) {
	}

}
