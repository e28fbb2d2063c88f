package dev.llmchat.backend.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import dev.llmchat.backend.chat.ChatService;
import dev.llmchat.backend.system.ConflictException;
import dev.llmchat.backend.system.DatabaseWriter;
import dev.llmchat.backend.system.NotFoundException;
import dev.llmchat.backend.system.UnauthorizedException;
import dev.llmchat.backend.user.User;
import dev.llmchat.backend.user.UserRepository;

/** Registration, login, token revocation and account deletion. Passwords are hashed outside database transactions. */
@Service
class AuthService {

	static final String BAD_CREDENTIALS = "Incorrect e-mail or password.";

	private final UserRepository users;

	private final PasswordEncoder passwords;

	private final TokenService tokens;

	private final TokenRevocations revocations;

	private final LoginThrottle throttle;

	private final DatabaseWriter writer;

	private final ChatService chats;

	private final Clock clock;

	/** Compared against when the e-mail is unknown, so that both failures take as long. */
	private final String unknownUserHash;

	AuthService(UserRepository users, PasswordEncoder passwords, TokenService tokens, TokenRevocations revocations,
			LoginThrottle throttle, DatabaseWriter writer, ChatService chats, Clock clock) {
		this.users = users;
		this.passwords = passwords;
		this.tokens = tokens;
		this.revocations = revocations;
		this.throttle = throttle;
		this.writer = writer;
		this.chats = chats;
		this.clock = clock;
		this.unknownUserHash = passwords.encode("no such user: compare against this");
	}

	UserView register(AuthRequests.Register request) {
		String email = normalize(request.email());
		String hash = this.passwords.encode(request.password());
		String fullName = (request.fullName() == null || request.fullName().isBlank()) ? null : request.fullName().strip();
		try {
			User user = this.writer.write(status -> {
				if (this.users.existsByEmail(email)) {
					throw new ConflictException("An account with this e-mail already exists; log in instead.");
				}
				return this.users.save(new User(email, hash, fullName, this.clock.instant()));
			});
			return UserView.of(user);
		}
		catch (DataIntegrityViolationException ex) {
			throw new ConflictException("An account with this e-mail already exists; log in instead.");
		}
	}

	TokenService.IssuedToken login(AuthRequests.Login request, String clientAddress) {
		String email = normalize(request.email());
		try (LoginThrottle.Attempt attempt = this.throttle.begin(email, clientAddress)) {
			Optional<User> user = this.users.findByEmail(email);
			String hash = user.map(User::getPasswordHash).orElse(this.unknownUserHash);
			boolean matches = this.passwords.matches(request.password(), hash);
			if (user.isEmpty() || !matches) {
				attempt.failed();
				throw new UnauthorizedException(BAD_CREDENTIALS);
			}
			attempt.succeeded();
			return this.tokens.issue(user.get().getId(), user.get().getTokensValidAfter());
		}
	}

	UserView me(Long userId) {
		return this.users.findById(userId)
			.map(UserView::of)
			.orElseThrow(() -> new NotFoundException("This account no longer exists."));
	}

	/**
	 * Revokes every token of the user issued until now. The cut-off is rounded up to the next second because
	 * tokens carry their issue time in whole seconds.
	 */
	void logoutEverywhere(Long userId) {
		Instant cutOff = this.clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		this.writer.write(status -> {
			User user = this.users.findById(userId)
				.orElseThrow(() -> new NotFoundException("This account no longer exists."));
			user.revokeTokensIssuedBefore(cutOff);
			return user;
		});
		this.revocations.revoked(userId, cutOff);
	}

	/**
	 * Deletes the account with its chats and messages. The answers running in its chats are stopped first, as when
	 * a chat is deleted; its tokens are refused at once here and within a second on the other replicas.
	 */
	void deleteAccount(Long userId) {
		this.chats.stopAnswersOf(userId);
		this.writer.write(status -> {
			this.users.deleteById(userId);
			return null;
		});
		this.revocations.deleted(userId);
	}

	static String normalize(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

}
