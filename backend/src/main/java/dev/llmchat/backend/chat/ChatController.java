package dev.llmchat.backend.chat;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import org.springframework.security.core.annotation.AuthenticationPrincipal;

import dev.llmchat.backend.auth.CurrentUser;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/chats")
@Validated
@Tag(name = "Chats", description = "A user's conversations; another user's chat is always a 404")
class ChatController {

	private final ChatService chats;

	private final PatchReader patches;

	ChatController(ChatService chats, PatchReader patches) {
		this.chats = chats;
		this.patches = patches;
	}

	@GetMapping
	@Operation(summary = "List chats, most recently active first",
			description = "Search by title with q; page with limit and before (the id of the last chat of the previous page).")
	List<ChatSummary> list(@AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) @Size(max = 200)
			@Pattern(regexp = "[^\\x00]*", message = "must not contain the NUL character") String q,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
			@RequestParam(required = false) Long before) {
		return this.chats.list(user.id(), q, limit, before);
	}

	@PostMapping
	@Operation(summary = "Create a chat (title defaults to \"New chat\")",
			description = "A chat created without a title takes the first words of its first question, then a title "
					+ "the model writes after the first answer; one created with a title keeps it.")
	ChatView create(@AuthenticationPrincipal CurrentUser user, @Valid @RequestBody(required = false) CreateChatRequest request) {
		return this.chats.create(user.id(), request == null ? new CreateChatRequest(null, null, null) : request);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Open a chat with the messages of the branch it shows, in order",
			description = "Each message tells its version among the messages with the same parent (version, versions, "
					+ "version_ids); PUT /chats/{id}/branch shows another.")
	ChatView open(@AuthenticationPrincipal CurrentUser user, @PathVariable Long id) {
		return this.chats.open(user.id(), id);
	}

	@GetMapping("/{id}/messages")
	@Operation(summary = "The messages of the branch a chat shows, in order")
	List<MessageView> messages(@AuthenticationPrincipal CurrentUser user, @PathVariable Long id) {
		return this.chats.messages(user.id(), id);
	}

	@PutMapping("/{id}/branch")
	@Operation(summary = "Show another version of a message and the conversation that followed it",
			description = "Shows the branch through message_id: from it down, the newest version at each step, to a "
					+ "leaf. Answers the chat with the messages of that branch; new questions continue it. 404 for a "
					+ "message of another chat, 409 while an answer runs in the chat.")
	ChatView showBranch(@AuthenticationPrincipal CurrentUser user, @PathVariable Long id,
			@Valid @RequestBody BranchRequest request) {
		return this.chats.showBranch(user.id(), id, request.messageId());
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Change a chat's title or generation settings",
			description = "A field left out keeps its value; a field sent as null is cleared. A title sent names the "
					+ "chat (title_source \"user\"), and the model never renames it.")
	ChatView update(@AuthenticationPrincipal CurrentUser user, @PathVariable Long id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = UpdateChatRequest.class))) @RequestBody JsonNode body) {
		return this.chats.update(user.id(), id, this.patches.read(body));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a chat and its messages")
	void delete(@AuthenticationPrincipal CurrentUser user, @PathVariable Long id) {
		this.chats.delete(user.id(), id);
	}

}
