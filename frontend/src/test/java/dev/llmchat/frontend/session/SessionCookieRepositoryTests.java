package dev.llmchat.frontend.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextImpl;

import dev.llmchat.frontend.auth.BackendUser;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCookieRepositoryTests {

	private static final BackendUser ANA = new BackendUser("ana@example.org", "header.payload.signature");

	private static final byte[] SECRET = "a-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);

	private static final Instant SIGN_IN = Instant.parse("2026-03-01T10:00:00Z");

	private static final Duration TIMEOUT = Duration.ofHours(8);

	private final SessionCookieRepository sessions = sessionsAt(Duration.ZERO, TIMEOUT);

	@Test
	void aSignedInPersonIsSealedIntoAnHttpOnlyCookieAndKnownAgainFromIt() {
		Cookie cookie = signIn(this.sessions);

		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getPath()).isEqualTo("/");
		assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
		assertThat(cookie.getSecure()).isFalse();
		assertThat(cookie.getMaxAge()).as("gone when the browser closes").isEqualTo(-1);
		assertThat(cookie.getValue()).doesNotContain(ANA.token()).doesNotContain(ANA.email());

		MockHttpServletRequest next = request(cookie);
		assertThat(this.sessions.containsContext(next)).isTrue();
		assertThat(this.sessions.loadDeferredContext(next).get().getAuthentication().getPrincipal()).isEqualTo(ANA);
	}

	@Test
	void aRequestWithoutTheCookieHasNobodySignedIn() {
		MockHttpServletRequest request = new MockHttpServletRequest();

		assertThat(this.sessions.containsContext(request)).isFalse();
		assertThat(this.sessions.loadDeferredContext(request).isGenerated()).isTrue();
		assertThat(this.sessions.loadDeferredContext(request).get().getAuthentication()).isNull();
	}

	@Test
	void aSessionUsedWithinTheRenewalIntervalIsNotSealedAgain() {
		Cookie cookie = signIn(this.sessions);

		MockHttpServletResponse response = new MockHttpServletResponse();
		sessionsAt(Duration.ofSeconds(59), TIMEOUT).renew(request(cookie), response);
		assertThat(response.getCookie(SessionCookieRepository.COOKIE)).isNull();
	}

	@Test
	void aSessionUsedAfterTheRenewalIntervalIsSealedAgainAndLastsAnotherTimeout() {
		Cookie cookie = signIn(this.sessions);

		MockHttpServletResponse response = new MockHttpServletResponse();
		sessionsAt(Duration.ofMinutes(1), TIMEOUT).renew(request(cookie), response);
		Cookie renewed = response.getCookie(SessionCookieRepository.COOKIE);
		assertThat(renewed.getMaxAge()).isEqualTo(-1);

		SessionCookieRepository later = sessionsAt(TIMEOUT.plusMinutes(1), TIMEOUT);
		assertThat(later.containsContext(request(cookie))).as("the first cookie").isFalse();
		assertThat(later.containsContext(request(renewed))).as("the renewed cookie").isTrue();
	}

	@Test
	void aSessionUnusedForTheTimeoutIsOverAndItsCookieCleared() {
		Cookie cookie = signIn(this.sessions);
		SessionCookieRepository later = sessionsAt(TIMEOUT.plusSeconds(1), TIMEOUT);

		MockHttpServletRequest request = request(cookie);
		MockHttpServletResponse response = new MockHttpServletResponse();
		later.renew(request, response);
		assertThat(later.containsContext(request)).isFalse();
		assertThat(response.getCookie(SessionCookieRepository.COOKIE).getMaxAge()).isZero();
	}

	@Test
	void aShortTimeoutIsRenewedAfterHalfOfIt() {
		Duration timeout = Duration.ofSeconds(20);
		Cookie cookie = signIn(sessionsAt(Duration.ZERO, timeout));

		for (int seconds = 10; seconds <= 60; seconds += 10) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			sessionsAt(Duration.ofSeconds(seconds), timeout).renew(request(cookie), response);
			cookie = response.getCookie(SessionCookieRepository.COOKIE);
			assertThat(cookie.getMaxAge()).as("renewed, not cleared, after %d s", seconds).isEqualTo(-1);
		}
	}

	@Test
	void aDamagedOrForeignCookieIsNobodyAndIsCleared() {
		byte[] ana = new CookieSeal(List.of(SECRET), Clock.fixed(SIGN_IN, ZoneOffset.UTC))
			.open(SessionCookieRepository.COOKIE, signIn(this.sessions).getValue(), TIMEOUT)
			.orElseThrow()
			.payload();
		CookieSeal foreignSeal = new CookieSeal(
				List.of("another-secret-of-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8)),
				Clock.fixed(SIGN_IN, ZoneOffset.UTC));
		Cookie foreign = new Cookie(SessionCookieRepository.COOKIE,
				foreignSeal.seal(SessionCookieRepository.COOKIE, ana));
		for (Cookie cookie : List.of(foreign, new Cookie(SessionCookieRepository.COOKIE, "garbage"))) {
			MockHttpServletRequest request = request(cookie);
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.sessions.renew(request, response);
			assertThat(this.sessions.loadDeferredContext(request).get().getAuthentication()).isNull();
			assertThat(response.getCookie(SessionCookieRepository.COOKIE).getMaxAge()).isZero();
		}
	}

	@Test
	void aSealedPayloadThatIsNotAPersonIsNobody() {
		CookieSeal seal = new CookieSeal(List.of(SECRET), Clock.fixed(SIGN_IN, ZoneOffset.UTC));
		Cookie odd = new Cookie(SessionCookieRepository.COOKIE,
				seal.seal(SessionCookieRepository.COOKIE, new byte[] { 0, 1, 'a' }));
		assertThat(this.sessions.containsContext(request(odd))).isFalse();
	}

	@Test
	void signingOutClearsTheCookieAndForgetsThePersonForTheRestOfTheRequest() {
		MockHttpServletRequest request = request(signIn(this.sessions));
		assertThat(this.sessions.containsContext(request)).isTrue();

		MockHttpServletResponse response = new MockHttpServletResponse();
		this.sessions.saveContext(new SecurityContextImpl(), request, response);
		assertThat(response.getCookie(SessionCookieRepository.COOKIE).getMaxAge()).isZero();
		assertThat(this.sessions.containsContext(request)).isFalse();
	}

	@Test
	void overHttpsTheCookieIsSecure() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setSecure(true);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.sessions.saveContext(new SecurityContextImpl(ANA.authentication()), request, response);
		assertThat(response.getCookie(SessionCookieRepository.COOKIE).getSecure()).isTrue();
	}

	/** Ana signs in; the cookie she is given. */
	private static Cookie signIn(SessionCookieRepository sessions) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		sessions.saveContext(new SecurityContextImpl(ANA.authentication()), new MockHttpServletRequest(), response);
		return response.getCookie(SessionCookieRepository.COOKIE);
	}

	/** A repository whose clock shows {@code sinceSignIn} after {@link #SIGN_IN}. */
	private static SessionCookieRepository sessionsAt(Duration sinceSignIn, Duration timeout) {
		Clock clock = Clock.fixed(SIGN_IN.plus(sinceSignIn), ZoneOffset.UTC);
		return new SessionCookieRepository(new CookieSeal(List.of(SECRET), clock), timeout);
	}

	private static MockHttpServletRequest request(Cookie cookie) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(cookie);
		return request;
	}

}
