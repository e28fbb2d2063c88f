package dev.llmchat.frontend.chat;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.llmchat.frontend.auth.BackendUser;
import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.Chat;
import dev.llmchat.frontend.backend.GenerationDefaults;

/**
 * The chat page's settings panel: the server's defaults to show beside each setting, and saving the chat's own.
 */
@RestController
@RequestMapping("/api")
class SettingsApiController {

	private final BackendClient backend;

	SettingsApiController(BackendClient backend) {
		this.backend = backend;
	}

	@GetMapping("/settings/defaults")
	GenerationDefaults defaults(@AuthenticationPrincipal BackendUser user) {
		return this.backend.generationDefaults(user.token());
	}

	@PatchMapping(path = "/chats/{id}/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
	Chat save(@PathVariable("id") long chatId, @Valid @RequestBody SettingsRequest settings,
			@AuthenticationPrincipal BackendUser user) {
		return this.backend.updateSettings(user.token(), chatId, settings.toSettings());
	}

}
