package dev.llmchat.frontend.auth;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.llmchat.frontend.backend.AccessToken;
import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.BackendProblemException;
import dev.llmchat.frontend.backend.BackendUnavailableException;
import dev.llmchat.frontend.system.Alerts;

/**
 * Login and registration forms; the backend checks the credentials, the session keeps its token.
 */
@Controller
class AuthController {

	private static final String LOGIN_VIEW = "auth/login";

	private static final String REGISTER_VIEW = "auth/register";

	private final BackendClient backend;

	private final SessionSignIn sessions;

	AuthController(BackendClient backend, SessionSignIn sessions) {
		this.backend = backend;
		this.sessions = sessions;
	}

	@GetMapping("/login")
	String loginForm(Model model) {
		model.addAttribute("login", LoginForm.empty());
		return LOGIN_VIEW;
	}

	@PostMapping("/login")
	String login(@Valid @ModelAttribute("login") LoginForm form, BindingResult result, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		if (result.hasErrors()) {
			return LOGIN_VIEW;
		}
		String email = form.email().strip().toLowerCase(Locale.ROOT);
		try {
			AccessToken token = this.backend.login(email, form.password(), request.getRemoteAddr());
			this.sessions.signIn(email, token.accessToken(), request, response);
			return "redirect:/dashboard";
		}
		catch (BackendProblemException ex) {
			Alerts.problem(model, ex, "auth.login.failed");
		}
		catch (BackendUnavailableException ex) {
			Alerts.backendDown(model);
		}
		return LOGIN_VIEW;
	}

	/**
	 * Ends every session of the account, in every browser and script: the backend revokes all of its tokens, then
	 * this session ends as with "Log out". A backend that cannot be reached leaves everything as it was.
	 */
	@PostMapping("/logout-everywhere")
	String logoutEverywhere(@AuthenticationPrincipal BackendUser user, HttpServletRequest request,
			HttpServletResponse response) {
		this.backend.logoutEverywhere(user.token());
		this.sessions.signOut(request, response);
		return "redirect:/login?signedOutEverywhere";
	}

	@GetMapping("/register")
	String registerForm(Model model) {
		model.addAttribute("registration", RegisterForm.empty());
		return REGISTER_VIEW;
	}

	@PostMapping("/register")
	String register(@Valid @ModelAttribute("registration") RegisterForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return REGISTER_VIEW;
		}
		try {
			this.backend.register(form.email().strip(), form.password(), form.fullName());
			Alerts.notice(redirect, "auth.register.done");
			return "redirect:/login";
		}
		catch (BackendProblemException ex) {
			Alerts.problem(model, ex, "auth.register.failed");
		}
		catch (BackendUnavailableException ex) {
			Alerts.backendDown(model);
		}
		return REGISTER_VIEW;
	}

}
