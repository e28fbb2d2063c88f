package dev.llmchat.frontend.chat;

import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.llmchat.frontend.auth.BackendUser;
import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.BackendHealth;
import dev.llmchat.frontend.backend.BackendProblemException;
import dev.llmchat.frontend.backend.BackendUnavailableException;
import dev.llmchat.frontend.backend.Chat;
import dev.llmchat.frontend.system.Alerts;

/**
 * The dashboard: the person's chats with search, rename and delete, a new-chat form and status cards.
 */
@Controller
class DashboardController {

	private static final String VIEW = "chat/dashboard";

	private static final String BACK = "redirect:/dashboard";

	private final BackendClient backend;

	private final ModelCatalog models;

	DashboardController(BackendClient backend, ModelCatalog models) {
		this.backend = backend;
		this.models = models;
	}

	@GetMapping("/dashboard")
	String dashboard(@RequestParam(name = "q", required = false) String query,
			@AuthenticationPrincipal BackendUser user, Model model) {
		model.addAttribute("newChat", NewChatForm.empty());
		return show(user, query, model);
	}

	@PostMapping("/chats/new")
	String create(@Valid @ModelAttribute("newChat") NewChatForm form, BindingResult result,
			@AuthenticationPrincipal BackendUser user, Model model) {
		if (result.hasErrors()) {
			return show(user, null, model);
		}
		try {
			Chat chat = this.backend.createChat(user.token(), form.toNewChat());
			return "redirect:/chat/" + chat.id();
		}
		catch (BackendProblemException ex) {
			Alerts.problem(model, ex, "dashboard.create.failed");
			return show(user, null, model);
		}
	}

	@PostMapping("/chats/{id}/rename")
	String rename(@PathVariable("id") long chatId, @Valid @ModelAttribute("rename") RenameForm form,
			BindingResult result, @AuthenticationPrincipal BackendUser user, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			Alerts.problemKey(redirect, "dashboard.rename.invalid");
			return BACK;
		}
		try {
			this.backend.renameChat(user.token(), chatId, form.title().strip());
			Alerts.notice(redirect, "dashboard.rename.done");
		}
		catch (BackendProblemException ex) {
			Alerts.problem(redirect, ex, "dashboard.rename.failed");
		}
		return BACK;
	}

	@PostMapping("/chats/{id}/delete")
	String delete(@PathVariable("id") long chatId, @AuthenticationPrincipal BackendUser user,
			RedirectAttributes redirect) {
		try {
			this.backend.deleteChat(user.token(), chatId);
			Alerts.notice(redirect, "dashboard.delete.done");
		}
		catch (BackendProblemException ex) {
			Alerts.problem(redirect, ex, "dashboard.delete.failed");
		}
		return BACK;
	}

	private String show(BackendUser user, String query, Model model) {
		String search = ChatSearch.normalize(query);
		model.addAttribute("query", search);
		model.addAttribute("chats", this.backend.chats(user.token(), search));
		model.addAttribute("health", health());
		Optional<List<String>> available = this.models.ids(user.token());
		model.addAttribute("models", available.orElse(List.of()));
		model.addAttribute("modelsKnown", available.isPresent());
		return VIEW;
	}

	private BackendHealth health() {
		try {
			return this.backend.health();
		}
		catch (BackendProblemException | BackendUnavailableException ex) {
			return null;
		}
	}

}
