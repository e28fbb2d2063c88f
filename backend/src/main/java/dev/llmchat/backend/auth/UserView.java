package dev.llmchat.backend.auth;

import java.time.Instant;

import dev.llmchat.backend.user.User;

/** A user as the API shows it: never the password hash. */
record UserView(Long id, String email, String fullName, Instant createdAt) {

	static UserView of(User user) {
		return new UserView(user.getId(), user.getEmail(), user.getFullName(), user.getCreatedAt());
	}

}
