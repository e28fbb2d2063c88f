package dev.llmchat.frontend.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

import dev.llmchat.frontend.auth.BackendUser;

/**
 * Keeps the signed-in person (their e-mail and the backend's token) in the sealed cookie {@value #COOKIE} instead
 * of a server-side session, so that any replica with the same key knows them and none has to remember them.
 *
 * <p>The cookie is opened at most once per request. It says when it was sealed: one unused for the session's
 * timeout is no session, and {@link #renew} seals an active one again at most once per renewal interval, so that
 * the relayed streams, which are most of the requests, do not pay for encryption.
 */
final class SessionCookieRepository implements SecurityContextRepository {

	static final String COOKIE = "LLMCHAT_SESSION";

	private static final Duration LONGEST_RENEWAL_INTERVAL = Duration.ofMinutes(1);

	private static final String OPENED = SessionCookieRepository.class.getName() + ".OPENED";

	private final CookieSeal seal;

	private final Duration timeout;

	private final Duration renewalInterval;

	SessionCookieRepository(CookieSeal seal, Duration timeout) {
		this.seal = seal;
		this.timeout = timeout;
		Duration half = timeout.dividedBy(2);
		this.renewalInterval = (half.compareTo(LONGEST_RENEWAL_INTERVAL) < 0) ? half : LONGEST_RENEWAL_INTERVAL;
	}

	/**
	 * Spring Security calls this lazily, through {@link #loadDeferredContext}, only when the request needs to know
	 * who is signed in; {@code null} means nobody.
	 */
	@Override
	@Deprecated
	public SecurityContext loadContext(HttpRequestResponseHolder holder) {
		return session(holder.getRequest()).map((session) -> new SecurityContextImpl(session.user().authentication()))
			.orElse(null);
	}

	/** Seals the signed-in person into the cookie, or clears it when nobody is signed in (sign-out). */
	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		Authentication authentication = context.getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof BackendUser user) {
			write(user, request, response);
		}
		else {
			Cookies.clear(request, response, COOKIE);
			request.setAttribute(OPENED, Optional.empty());
		}
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return session(request).isPresent();
	}

	/**
	 * Seals an active session again once its cookie is older than the renewal interval, so that it ends only after
	 * the timeout without use; clears a cookie that holds no session (expired, sealed with another key, damaged),
	 * so that the browser stops sending it.
	 */
	void renew(HttpServletRequest request, HttpServletResponse response) {
		if (Cookies.value(request, COOKIE) == null) {
			return;
		}
		Optional<Session> session = session(request);
		if (session.isEmpty()) {
			Cookies.clear(request, response, COOKIE);
		}
		else if (session.get().age().compareTo(this.renewalInterval) >= 0) {
			write(session.get().user(), request, response);
		}
	}

	@SuppressWarnings("unchecked")
	private Optional<Session> session(HttpServletRequest request) {
		Optional<Session> session = (Optional<Session>) request.getAttribute(OPENED);
		if (session == null) {
			session = this.seal.open(COOKIE, Cookies.value(request, COOKIE), this.timeout)
				.flatMap((opened) -> decode(opened.payload()).map((user) -> new Session(user, opened.age())));
			request.setAttribute(OPENED, session);
		}
		return session;
	}

	private void write(BackendUser user, HttpServletRequest request, HttpServletResponse response) {
		Cookies.set(request, response, COOKIE, this.seal.seal(COOKIE, encode(user)), null);
		request.setAttribute(OPENED, Optional.of(new Session(user, Duration.ZERO)));
	}

	private static byte[] encode(BackendUser user) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeUTF(user.email());
			out.writeUTF(user.token());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static Optional<BackendUser> decode(byte[] payload) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
			BackendUser user = new BackendUser(in.readUTF(), in.readUTF());
			return (in.available() == 0) ? Optional.of(user) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/** A session as its cookie held it, and how long ago the cookie was sealed. */
	private record Session(BackendUser user, Duration age) {
	}

}
