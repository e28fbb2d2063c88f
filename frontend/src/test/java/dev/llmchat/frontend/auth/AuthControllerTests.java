package dev.llmchat.frontend.auth;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.MvcResult;

import dev.llmchat.frontend.FrontendTestSupport;

import static dev.llmchat.frontend.BrowserCsrf.csrf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class AuthControllerTests extends FrontendTestSupport {

	@Test
	void loginPageShowsTheFormWithLabelledFields() throws Exception {
		this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<label for=\"email\"")))
			.andExpect(content().string(containsString("<label for=\"password\"")))
			.andExpect(content().string(containsString("name=\"_csrf\"")));
	}

	@Test
	void loggingInSealsTheTokenIntoTheSessionCookieAndOpensTheDashboard() throws Exception {
		backend.json("POST /auth/login", 200,
				"{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
		MvcResult result = this.mvc
			.perform(post("/login").with(csrf()).param("email", " Ana@Example.org ").param("password", "secret-pass"))
			.andExpect(redirectedUrl("/dashboard"))
			.andExpect(cookie().httpOnly(SESSION_COOKIE, true))
			.andExpect(cookie().sameSite(SESSION_COOKIE, "Lax"))
			.andExpect(cookie().path(SESSION_COOKIE, "/"))
			.andReturn();

		assertThat(backend.last("POST /auth/login").body()).contains("\"email\":\"ana@example.org\"")
			.contains("\"password\":\"secret-pass\"");
		Cookie session = result.getResponse().getCookie(SESSION_COOKIE);
		assertThat(session.getValue()).as("sealed: neither the token nor the e-mail can be read from it")
			.doesNotContain(TOKEN)
			.doesNotContain("ana@example.org");
		assertThat(result.getResponse().getContentAsString()).doesNotContain(TOKEN);

		backend.json("GET /chats", 200, "[]");
		backend.json("GET /models", 200, "{\"data\":[]}");
		this.mvc.perform(get("/dashboard").cookie(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("ana@example.org")))
			.andExpect(cookie().doesNotExist(SESSION_COOKIE));
		assertThat(backend.last("GET /chats").header("Authorization")).isEqualTo("Bearer " + TOKEN);
	}

	@Test
	void wrongCredentialsShowTheBackendsSentence() throws Exception {
		backend.problem("POST /auth/login", 401, "Wrong e-mail or password.");
		this.mvc.perform(post("/login").with(csrf()).param("email", "ana@example.org").param("password", "nope-nope"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Wrong e-mail or password.")))
			.andExpect(content().string(containsString("value=\"ana@example.org\"")))
			.andExpect(content().string(not(containsString("nope-nope"))));
	}

	@Test
	void tooManyAttemptsShowTheBackendsSentence() throws Exception {
		backend.problem("POST /auth/login", 429, "Too many failed attempts; wait a minute.");
		this.mvc.perform(post("/login").with(csrf()).param("email", "ana@example.org").param("password", "whatever1"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Too many failed attempts; wait a minute.")));
	}

	@Test
	void missingFieldsAreShownNextToTheirFieldsWithoutAskingTheBackend() throws Exception {
		this.mvc.perform(post("/login").with(csrf()).param("email", "").param("password", ""))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasFieldErrors("login", "email", "password"))
			.andExpect(content().string(containsString("id=\"email-error\"")))
			.andExpect(content().string(containsString("This field is required.")));
		this.mvc.perform(post("/login").with(csrf()))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasFieldErrors("login", "email", "password"));
		assertThat(backend.received()).noneMatch((request) -> request.route().startsWith("POST /auth"));
	}

	@Test
	void hugeAndHostileInputIsRefusedCalmly() throws Exception {
		this.mvc.perform(post("/login").with(csrf()).param("email", "a".repeat(100_000)).param("password", "x"))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasFieldErrors("login", "email"));
		backend.problem("POST /auth/login", 401, "Wrong e-mail or password.");
		this.mvc
			.perform(post("/login").with(csrf())
				.param("email", "<script>alert(1)</script>@x.org")
				.param("password", "\"><img src=x onerror=alert(1)>"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<script>alert(1)"))))
			.andExpect(content().string(containsString("&lt;script&gt;alert(1)&lt;/script&gt;@x.org")));
	}

	@Test
	void registeringSendsTheAccountAndAsksToLogIn() throws Exception {
		backend.json("POST /auth/register", 200,
				"{\"id\":1,\"email\":\"ana@example.org\",\"full_name\":\"Ana\",\"created_at\":\"2026-01-31T14:03:12.123Z\"}");
		this.mvc
			.perform(post("/register").with(csrf())
				.param("email", "ana@example.org")
				.param("password", "long-enough")
				.param("fullName", "Ana"))
			.andExpect(redirectedUrl("/login"))
			.andExpect(flash().attribute("notice", "auth.register.done"));
		assertThat(backend.last("POST /auth/register").body()).contains("\"full_name\":\"Ana\"");
	}

	@Test
	void registeringATakenEmailShowsTheBackendsSentence() throws Exception {
		backend.problem("POST /auth/register", 409, "This e-mail is already registered.");
		this.mvc
			.perform(post("/register").with(csrf()).param("email", "ana@example.org").param("password", "long-enough"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("This e-mail is already registered.")));
	}

	@Test
	void registrationChecksTheFieldsFirst() throws Exception {
		this.mvc
			.perform(post("/register").with(csrf())
				.param("email", "not-an-email")
				.param("password", "short")
				.param("fullName", "n".repeat(500)))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasFieldErrors("registration", "email", "password", "fullName"))
			.andExpect(content().string(containsString("Enter a valid e-mail address.")))
			.andExpect(content().string(containsString("The password needs 8 to 128 characters.")));
		assertThat(backend.received()).noneMatch((request) -> request.route().equals("POST /auth/register"));
	}

	@Test
	void postingWithoutTheCsrfTokenIsRefused() throws Exception {
		this.mvc.perform(post("/login").param("email", "ana@example.org").param("password", "secret-pass"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/register").param("email", "ana@example.org").param("password", "secret-pass"))
			.andExpect(status().isForbidden());
		assertThat(backend.received()).noneMatch((request) -> request.route().startsWith("POST /auth"));
	}

	@Test
	void loggingOutClearsTheSessionCookie() throws Exception {
		this.mvc.perform(post("/logout").with(signedIn()).with(csrf()))
			.andExpect(redirectedUrl("/login?logout"))
			.andExpect(sessionCookieCleared());
	}

	@Test
	void loggingOutEverywhereRevokesTheAccountsTokensAtTheBackendThenEndsTheSession() throws Exception {
		backend.empty("POST /auth/logout-all", 204);
		this.mvc.perform(post("/logout-everywhere").with(signedIn()).with(csrf()))
			.andExpect(redirectedUrl("/login?signedOutEverywhere"))
			.andExpect(sessionCookieCleared());

		assertThat(backend.last("POST /auth/logout-all").header("Authorization")).isEqualTo("Bearer " + TOKEN);
		this.mvc.perform(get("/login").param("signedOutEverywhere", ""))
			.andExpect(content().string(containsString("You have logged out in every browser and app")));
	}

	@Test
	void logOutEverywhereIsOfferedBesideLogOutAndNeedsTheCsrfToken() throws Exception {
		this.mvc.perform(get("/dashboard").with(signedIn()))
			.andExpect(content().string(containsString("action=\"/logout-everywhere\"")))
			.andExpect(content().string(containsString("id=\"logout-everywhere\"")));
		this.mvc.perform(post("/logout-everywhere").with(signedIn())).andExpect(status().isForbidden());
		this.mvc.perform(post("/logout-everywhere").with(csrf())).andExpect(redirectedUrl("/login"));
		assertThat(backend.received()).noneMatch((request) -> request.route().equals("POST /auth/logout-all"));
	}

	@Test
	void aTokenTheBackendNoLongerAcceptsEndsTheSessionAsExpired() throws Exception {
		backend.problem("POST /auth/logout-all", 401, "The token is invalid or expired.");
		this.mvc.perform(post("/logout-everywhere").with(signedIn()).with(csrf()))
			.andExpect(redirectedUrl("/login?expired"))
			.andExpect(sessionCookieCleared());
	}

	@Test
	void anExpiredSessionIsToldOnTheLoginPage() throws Exception {
		this.mvc.perform(get("/login").param("expired", ""))
			.andExpect(content().string(containsString("Your session has expired. Please log in again.")));
	}

}
