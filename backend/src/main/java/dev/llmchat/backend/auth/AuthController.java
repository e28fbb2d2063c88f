package dev.llmchat.backend.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/auth")
@Tag(name = "Auth", description = "Accounts and access tokens")
class AuthController {

	private final AuthService auth;

	AuthController(AuthService auth) {
		this.auth = auth;
	}

	@PostMapping("/register")
	@Operation(summary = "Create an account", description = "409 when the e-mail is taken; 422 for an invalid "
			+ "e-mail or a password shorter than 8 or longer than 128 characters.")
	UserView register(@Valid @RequestBody AuthRequests.Register request) {
		return this.auth.register(request);
	}

	@PostMapping("/login")
	@Operation(summary = "Get an access token", description = "401 for a wrong e-mail or password (one message for "
			+ "both); 429 with Retry-After after too many failures, or when so many logins for the account or the "
			+ "address are being checked at once that this one got no turn within seconds.")
	LoginResponse login(@Valid @RequestBody AuthRequests.Login request, HttpServletRequest http) {
		TokenService.IssuedToken token = this.auth.login(request, http.getRemoteAddr());
		return new LoginResponse(token.accessToken(), "bearer", token.expiresIn());
	}

	@GetMapping("/me")
	@Operation(summary = "The account the token belongs to")
	UserView me(@AuthenticationPrincipal CurrentUser user) {
		return this.auth.me(user.id());
	}

	@PostMapping("/logout-all")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Log out everywhere", description = "Revokes every token of the account issued until now.")
	void logoutEverywhere(@AuthenticationPrincipal CurrentUser user) {
		this.auth.logoutEverywhere(user.id());
	}

	@DeleteMapping("/me")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete the account",
			description = "Deletes the account with its chats and messages; its tokens are refused from then on.")
	void deleteAccount(@AuthenticationPrincipal CurrentUser user) {
		this.auth.deleteAccount(user.id());
	}

	record LoginResponse(String accessToken, String tokenType, long expiresIn) {

		/** Without the token: Spring's debug logging prints response bodies with their toString. */
		@Override
		public String toString() {
			return "LoginResponse[accessToken=(hidden), tokenType=" + this.tokenType + ", expiresIn=" + this.expiresIn + "]";
		}

	}

}
