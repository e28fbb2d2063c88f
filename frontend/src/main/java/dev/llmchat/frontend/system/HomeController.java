package dev.llmchat.frontend.system;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import dev.llmchat.frontend.auth.BackendUser;

/**
 * {@code /}: the dashboard for a signed-in person, the login page for anyone else.
 */
@Controller
class HomeController {

	@GetMapping("/")
	String home(@AuthenticationPrincipal BackendUser user) {
		return (user != null) ? "redirect:/dashboard" : "redirect:/login";
	}

}
