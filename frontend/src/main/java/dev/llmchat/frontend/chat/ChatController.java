package dev.llmchat.frontend.chat;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

import dev.llmchat.frontend.auth.BackendUser;
import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.Chat;
import dev.llmchat.frontend.system.ClientMessages;

/**
 * The chat page (the person's chats beside the conversation, earlier messages and the prompt box; the answers
 * stream in through the JSON API), the empty page of a chat not created yet, and a chat's read-only, printable
 * history.
 */
@Controller
class ChatController {

	private final BackendClient backend;

	private final ModelCatalog models;

	private final ClientMessages clientMessages;

	ChatController(BackendClient backend, ModelCatalog models, ClientMessages clientMessages) {
		this.backend = backend;
		this.models = models;
		this.clientMessages = clientMessages;
	}

	/** The scripts' strings in the page's language, for the page's {@code data-messages} attribute. */
	@ModelAttribute("clientMessages")
	String clientMessages(Locale locale) {
		return this.clientMessages.json(locale);
	}

	@GetMapping("/chat/{id}")
	String chat(@PathVariable("id") long chatId, @AuthenticationPrincipal BackendUser user, Model model) {
		return page(this.backend.chat(user.token(), chatId), user, model);
	}

	/**
	 * A new chat, empty at once: nothing is stored until its first message is sent, so chats opened and left
	 * do not pile up.
	 */
	@GetMapping("/chat/new")
	String newChat(@AuthenticationPrincipal BackendUser user, Model model) {
		return page(null, user, model);
	}

	@GetMapping("/chat")
	String anyChat() {
		return "redirect:/chat/new";
	}

	private String page(Chat chat, BackendUser user, Model model) {
		model.addAttribute("chat", chat);
		model.addAttribute("chats", this.backend.chats(user.token(), null));
		Optional<List<String>> available = this.models.ids(user.token());
		model.addAttribute("models", available.orElse(List.of()));
		model.addAttribute("modelServerDown", available.isEmpty());
		return "chat/chat";
	}

	@GetMapping("/chat/{id}/history")
	String history(@PathVariable("id") long chatId, @AuthenticationPrincipal BackendUser user, Model model) {
		model.addAttribute("chat", this.backend.chat(user.token(), chatId));
		return "chat/history";
	}

}
