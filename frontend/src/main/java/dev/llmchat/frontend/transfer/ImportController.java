package dev.llmchat.frontend.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import dev.llmchat.frontend.auth.BackendUser;
import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.BackendProblemException;
import dev.llmchat.frontend.system.Alerts;
import dev.llmchat.frontend.system.FrontendProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The import page: a JSON file of chats (our export of one chat or of all, or ChatGPT's {@code conversations.json})
 * goes to the backend, and the page lists which conversations became chats and which were left out, and why.
 */
@Controller
class ImportController {

	private static final String VIEW = "transfer/import";

	private final BackendClient backend;

	private final JsonMapper json;

	private final long maxBytes;

	ImportController(BackendClient backend, JsonMapper json, FrontendProperties properties) {
		this.backend = backend;
		this.json = json;
		this.maxBytes = properties.importMaxSize().toBytes();
	}

	@GetMapping("/chats/import")
	String page(Model model) {
		return show(model);
	}

	@PostMapping("/chats/import")
	String importFile(@RequestParam(name = "file", required = false) MultipartFile file,
			@AuthenticationPrincipal BackendUser user, Model model) {
		if (file == null || file.isEmpty()) {
			model.addAttribute(Alerts.PROBLEM_KEY, "import.invalid.empty");
			return show(model);
		}
		if (file.getSize() > this.maxBytes) {
			model.addAttribute(Alerts.PROBLEM_KEY, "import.invalid.tooLarge");
			return show(model);
		}
		byte[] content = read(file);
		if (!isJsonObjectOrList(content)) {
			model.addAttribute(Alerts.PROBLEM_KEY, "import.invalid.notJson");
			return show(model);
		}
		try {
			model.addAttribute("result", this.backend.importChats(user.token(), content));
		}
		catch (BackendProblemException ex) {
			Alerts.problem(model, ex, "import.failed");
		}
		return show(model);
	}

	private String show(Model model) {
		model.addAttribute("maxMegabytes", Math.max(1, this.maxBytes / (1024 * 1024)));
		return VIEW;
	}

	private boolean isJsonObjectOrList(byte[] content) {
		try {
			// the backend explains what a wrong object or list lacks; anything else is not an export at all
			return this.json.readTree(content).isContainer();
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	private static byte[] read(MultipartFile file) {
		try {
			return file.getBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The uploaded file cannot be read", ex);
		}
	}

}
