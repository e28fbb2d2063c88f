package dev.llmchat.backend.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The bodies of the auth calls. */
final class AuthRequests {

	/** An address with one {@code @}, no spaces inside and a dot in its domain; surrounding spaces are trimmed. */
	static final String EMAIL = "^\\s*[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+\\s*$";

	private AuthRequests() {
	}

	record Register(
			@NotBlank(message = "is required") @Size(max = 254, message = "must be at most 254 characters")
			@Pattern(regexp = EMAIL, message = "is not a valid e-mail address") String email,
			@NotNull(message = "is required") @Size(min = 8, max = 128, message = "must be 8 to 128 characters long") String password,
			@Size(max = 200, message = "must be at most 200 characters") String fullName) {

		/** Without the password: Spring's debug logging prints request bodies with their toString. */
		@Override
		public String toString() {
			return "Register[email=" + this.email + ", password=(hidden), fullName=" + this.fullName + "]";
		}

	}

	record Login(@NotBlank(message = "is required") @Size(max = 254, message = "must be at most 254 characters") String email,
			@NotNull(message = "is required") @Size(max = 1024, message = "is too long") String password) {

		/** Without the password: Spring's debug logging prints request bodies with their toString. */
		@Override
		public String toString() {
			return "Login[email=" + this.email + ", password=(hidden)]";
		}

	}

}
