package dev.llmchat.frontend.system;

import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.llmchat.frontend.backend.BackendProblemException;

/**
 * The messages the layout shows above a page: a notice (a message key), a problem (the backend's own sentence,
 * or a message key when it gave none) and the "backend unavailable" banner.
 */
public final class Alerts {

	/** A message key of a success notice. */
	public static final String NOTICE = "notice";

	/** A sentence of the backend's, shown as it is. */
	public static final String PROBLEM = "problem";

	/** A message key of a problem. */
	public static final String PROBLEM_KEY = "problemKey";

	/** Set when the backend cannot be reached. */
	public static final String BACKEND_DOWN = "backendDown";

	private Alerts() {
	}

	public static void notice(RedirectAttributes redirect, String key) {
		redirect.addFlashAttribute(NOTICE, key);
	}

	public static void problem(Model model, BackendProblemException ex, String fallbackKey) {
		if (ex.detail() != null && !ex.detail().isBlank()) {
			model.addAttribute(PROBLEM, ex.detail());
		}
		else {
			model.addAttribute(PROBLEM_KEY, fallbackKey);
		}
	}

	public static void problem(RedirectAttributes redirect, BackendProblemException ex, String fallbackKey) {
		if (ex.detail() != null && !ex.detail().isBlank()) {
			redirect.addFlashAttribute(PROBLEM, ex.detail());
		}
		else {
			redirect.addFlashAttribute(PROBLEM_KEY, fallbackKey);
		}
	}

	public static void problemKey(RedirectAttributes redirect, String key) {
		redirect.addFlashAttribute(PROBLEM_KEY, key);
	}

	public static void backendDown(Model model) {
		model.addAttribute(BACKEND_DOWN, true);
	}

}
