package dev.llmchat.frontend.chat;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.llmchat.frontend.auth.BackendUser;
import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.BackendStreams;
import dev.llmchat.frontend.backend.Chat;

/**
 * The chat page's versions of messages: edit a question and stream the new answer, regenerate an answer, show
 * another version (and the conversation that followed it), read the shown conversation again.
 */
@RestController
@RequestMapping("/api/chats/{id}")
class VersionsApiController {

	private final BackendClient backend;

	private final BackendStreams streams;

	private final EventStreamRelay relay;

	VersionsApiController(BackendClient backend, BackendStreams streams, EventStreamRelay relay) {
		this.backend = backend;
		this.streams = streams;
		this.relay = relay;
	}

	/** The chat with the messages of its shown branch, as the page re-draws it after an answer. */
	@GetMapping
	Chat chat(@PathVariable("id") long chatId, @AuthenticationPrincipal BackendUser user) {
		return this.backend.chat(user.token(), chatId);
	}

	@PostMapping(path = "/messages/{messageId}/edit", consumes = MediaType.APPLICATION_JSON_VALUE)
	void edit(@PathVariable("id") long chatId, @PathVariable("messageId") long messageId,
			@Valid @RequestBody VersionRequests.Edit edit, @AuthenticationPrincipal BackendUser user,
			HttpServletResponse response) {
		this.relay.relay(this.streams.edit(user.token(), chatId, messageId, edit.toAnswerRequest()), response);
	}

	@PostMapping(path = "/messages/{messageId}/regenerate", consumes = MediaType.APPLICATION_JSON_VALUE)
	void regenerate(@PathVariable("id") long chatId, @PathVariable("messageId") long messageId,
			@Valid @RequestBody VersionRequests.Regenerate regenerate, @AuthenticationPrincipal BackendUser user,
			HttpServletResponse response) {
		this.relay.relay(this.streams.regenerate(user.token(), chatId, messageId, regenerate.toAnswerRequest()),
				response);
	}

	@PutMapping(path = "/branch", consumes = MediaType.APPLICATION_JSON_VALUE)
	Chat branch(@PathVariable("id") long chatId, @Valid @RequestBody VersionRequests.Branch branch,
			@AuthenticationPrincipal BackendUser user) {
		return this.backend.switchBranch(user.token(), chatId, branch.messageId());
	}

}
