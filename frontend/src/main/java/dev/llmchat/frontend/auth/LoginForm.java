package dev.llmchat.frontend.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record LoginForm(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {

	static LoginForm empty() {
		return new LoginForm("", "");
	}

}
