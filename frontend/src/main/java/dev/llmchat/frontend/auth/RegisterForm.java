package dev.llmchat.frontend.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record RegisterForm(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(min = 8, max = 128) String password,
		@Size(max = 120) String fullName) {

	static RegisterForm empty() {
		return new RegisterForm("", "", "");
	}

}
