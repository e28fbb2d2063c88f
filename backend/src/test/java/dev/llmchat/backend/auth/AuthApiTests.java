package dev.llmchat.backend.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;

import static org.assertj.core.api.Assertions.assertThat;

class AuthApiTests extends BackendTest {

	@Test
	void theSystemDescriptionsCurlRegistrationAndLoginWorkVerbatim() {
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String register = """
				{
				    "email": "teste%s@exemplo.com",
				    "password": "senha123",
				    "full_name": "Teste User"
				  }""".formatted(unique);
		Response registered = this.api.postRaw("/auth/register", null, "application/json", register);
		assertThat(registered.status()).isEqualTo(200);
		assertThat(registered.json().path("email").asString()).isEqualTo("teste" + unique + "@exemplo.com");
		assertThat(registered.json().path("full_name").asString()).isEqualTo("Teste User");
		assertThat(registered.json().path("id").isNumber()).isTrue();
		assertThat(registered.json().path("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(registered.body()).doesNotContain("password");

		Response login = this.api.postRaw("/auth/login", null, "application/json", """
				{
				    "email": "teste%s@exemplo.com",
				    "password": "senha123"
				  }""".formatted(unique));
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.json().path("token_type").asString()).isEqualTo("bearer");
		assertThat(login.json().path("expires_in").asLong()).isEqualTo(24 * 3600);
		String token = login.json().path("access_token").asString();

		Response me = this.api.get("/auth/me", token);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().path("email").asString()).isEqualTo("teste" + unique + "@exemplo.com");
	}

	@Test
	void emailIsTrimmedAndLowerCasedSoTheSameAddressCannotRegisterTwice() {
		String email = "Mixed." + UUID.randomUUID() + "@Example.COM";
		Response first = this.api.post("/auth/register", null, Map.of("email", "  " + email + " ", "password", "password1"));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().path("email").asString()).isEqualTo(email.toLowerCase());

		Response again = this.api.post("/auth/register", null, Map.of("email", email.toUpperCase(), "password", "password1"));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.header("Content-Type")).startsWith("application/problem+json");
		assertThat(again.json().path("detail").asString()).contains("already exists");

		assertThat(this.api.post("/auth/login", null, Map.of("email", email.toUpperCase(), "password", "password1")).status())
			.isEqualTo(200);
	}

	@Test
	void invalidEmailsAndPasswordsOutOfBoundsAre422WithTheFieldNamed() {
		for (String email : new String[] { "not-an-email", "a@b", "two@@example.com", "sp ace@example.com", "" }) {
			Response response = this.api.post("/auth/register", null, Map.of("email", email, "password", "password1"));
			assertThat(response.status()).as(email).isEqualTo(422);
			assertThat(response.json().path("detail").asString()).contains("email");
		}
		Response tooShort = this.api.post("/auth/register", null, Map.of("email", unique(), "password", "short"));
		assertThat(tooShort.status()).isEqualTo(422);
		assertThat(tooShort.json().path("detail").asString()).contains("password", "8 to 128");
		Response tooLong = this.api.post("/auth/register", null, Map.of("email", unique(), "password", "x".repeat(129)));
		assertThat(tooLong.status()).isEqualTo(422);
		Response missing = this.api.post("/auth/register", null, Map.of("email", unique()));
		assertThat(missing.status()).isEqualTo(422);
		assertThat(missing.json().path("detail").asString()).contains("password is required");
	}

	@Test
	void longMultiBytePasswordsCountInFull() {
		String email = unique();
		String password = "ção".repeat(40);
		assertThat(this.api.post("/auth/register", null, Map.of("email", email, "password", password)).status())
			.isEqualTo(200);
		String almost = password.substring(0, password.length() - 1) + "x";
		assertThat(this.api.post("/auth/login", null, Map.of("email", email, "password", almost)).status()).isEqualTo(401);
		assertThat(this.api.post("/auth/login", null, Map.of("email", email, "password", password)).status()).isEqualTo(200);
	}

	@Test
	void wrongPasswordAndUnknownEmailGetTheSame401() {
		String email = unique();
		this.api.post("/auth/register", null, Map.of("email", email, "password", "password1"));
		Response wrongPassword = this.api.post("/auth/login", null, Map.of("email", email, "password", "password2"));
		Response unknownEmail = this.api.post("/auth/login", null, Map.of("email", unique(), "password", "password1"));
		assertThat(wrongPassword.status()).isEqualTo(401);
		assertThat(unknownEmail.status()).isEqualTo(401);
		assertThat(wrongPassword.json().path("detail")).isEqualTo(unknownEmail.json().path("detail"));
	}

	@Test
	void malformedOrWronglyTypedBodiesAre400Not500() {
		assertThat(this.api.postRaw("/auth/login", null, "application/json", "{\"email\":").status()).isEqualTo(400);
		assertThat(this.api.postRaw("/auth/login", null, "application/json", "[1,2]").status()).isEqualTo(400);
		assertThat(this.api.postRaw("/auth/register", null, "application/json", "{\"email\":{\"$ne\":1},\"password\":1}")
			.status()).isEqualTo(400);
		assertThat(this.api.postRaw("/auth/login", null, "text/plain", "hello").status()).isEqualTo(415);
		Response empty = this.api.postRaw("/auth/login", null, "application/json", "");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.json().path("detail").asString()).isNotBlank();
	}

	@Test
	void protectedCallsWithoutATokenGet401WithWwwAuthenticateBearer() {
		Response response = this.api.get("/auth/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains("log in");
		assertThat(this.api.get("/chats", null).status()).isEqualTo(401);
	}

	@Test
	void tamperedExpiredUnsignedAndForeignKeyTokensAreRefused() {
		String token = this.api.newUser();
		Long userId = this.api.get("/auth/me", token).json().path("id").asLong();
		String[] parts = token.split("\\.");

		String otherSubject = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("\"sub\":\"" + userId + "\"", "\"sub\":\"" + (userId + 1) + "\"")
				.getBytes(StandardCharsets.UTF_8));
		String tampered = parts[0] + "." + otherSubject + "." + parts[2];
		String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
				+ parts[1] + ".";
		var key = new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		String expired = Jwts.builder()
			.subject(userId.toString())
			.issuedAt(Date.from(Instant.now().minusSeconds(7200)))
			.expiration(Date.from(Instant.now().minusSeconds(60)))
			.signWith(key, Jwts.SIG.HS256)
			.compact();
		String foreignKey = Jwts.builder()
			.subject(userId.toString())
			.issuedAt(new Date())
			.expiration(Date.from(Instant.now().plusSeconds(600)))
			.signWith(new SecretKeySpec("another-secret-of-at-least-thirty-two-bytes!".getBytes(), "HmacSHA256"),
					Jwts.SIG.HS256)
			.compact();

		assertThat(this.api.get("/auth/me", token).status()).isEqualTo(200);
		for (String bad : new String[] { tampered, unsigned, expired, foreignKey, "garbage", token + "x" }) {
			Response response = this.api.get("/auth/me", bad);
			assertThat(response.status()).as(bad).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
		}
	}

	@Test
	void logoutEverywhereRevokesEveryEarlierTokenAndASignInRightAfterItWorks() {
		String email = unique();
		this.api.post("/auth/register", null, Map.of("email", email, "password", "password1"));
		String first = this.api.login(email, "password1");
		String second = this.api.login(email, "password1");
		assertThat(this.api.post("/auth/logout-all", first, null).status()).isEqualTo(204);
		assertThat(this.api.get("/auth/me", first).status()).isEqualTo(401);
		assertThat(this.api.get("/auth/me", second).status()).isEqualTo(401);
		String fresh = this.api.login(email, "password1");
		assertThat(this.api.get("/auth/me", fresh).status()).as("signed in within the second of the cut-off")
			.isEqualTo(200);
		assertThat(this.api.get("/auth/me", first).status()).isEqualTo(401);
	}

	@Test
	void deletingTheAccountTakesItsChatsAndRefusesItsTokensAndItsPasswordAndFreesTheEmail() {
		String email = unique();
		this.api.post("/auth/register", null, Map.of("email", email, "password", "password1"));
		String first = this.api.login(email, "password1");
		String second = this.api.login(email, "password1");
		long userId = this.api.get("/auth/me", first).json().path("id").asLong();
		long chat = this.api.newChat(first, Map.of("title", "Soon gone"));
		this.api.generateStreaming(first, chat, "Hello");

		assertThat(this.api.delete("/auth/me", first).status()).isEqualTo(204);
		assertThat(this.api.get("/auth/me", first).status()).isEqualTo(401);
		assertThat(this.api.get("/chats", second).status()).isEqualTo(401);
		assertThat(this.api.post("/auth/login", null, Map.of("email", email, "password", "password1")).status())
			.isEqualTo(401);
		assertThat(this.jdbc.queryForObject("select count(*) from chats where user_id = ?", Integer.class, userId))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from messages where chat_id = ?", Integer.class, chat))
			.isZero();
		assertThat(this.api.post("/auth/register", null, Map.of("email", email, "password", "password2")).status())
			.as("the e-mail can sign up again").isEqualTo(200);
		assertThat(this.api.get("/auth/me", this.api.login(email, "password2")).status()).isEqualTo(200);
	}

	@Test
	void repeatedFailedLoginsForOneAccountAreThrottledWithRetryAfter() {
		String email = unique();
		this.api.post("/auth/register", null, Map.of("email", email, "password", "password1"));
		for (int i = 0; i < 5; i++) {
			assertThat(this.api.post("/auth/login", null, Map.of("email", email, "password", "wrong-" + i)).status())
				.isEqualTo(401);
		}
		Response throttled = this.api.post("/auth/login", null, Map.of("email", email, "password", "password1"));
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
		assertThat(throttled.json().path("detail").asString()).contains("Too many failed logins");
	}

	private static String unique() {
		return "u" + UUID.randomUUID() + "@example.com";
	}

}
