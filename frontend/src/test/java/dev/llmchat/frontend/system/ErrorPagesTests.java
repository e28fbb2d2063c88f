package dev.llmchat.frontend.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.llmchat.frontend.FrontendTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP, so the servlet container's error handling and cookies take part.
 */
class ErrorPagesTests extends FrontendTestSupport {

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void anUnknownPageIsTheFriendly404() throws Exception {
		HttpResponse<String> response = get("/css/no-such-file.css", "en");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("This page does not exist.").doesNotContain("Whitelabel");
	}

	@Test
	void aBadRequestIsAFriendlyPageWithoutDetailsOfTheServer() throws Exception {
		HttpResponse<String> response = get("/webjars/%2e%2e/%2e%2e/etc/passwd", "en");
		assertThat(response.statusCode()).isBetween(400, 404);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("Tomcat").doesNotContain("at org.");
	}

	@Test
	void pagesSpeakBrazilianPortugueseWhenTheBrowserAsks() throws Exception {
		assertThat(get("/login", "pt-BR,pt;q=0.9,en;q=0.5").body()).contains("<html lang=\"pt-BR\"")
			.contains("Ainda não tem conta?");
		assertThat(get("/login", "pt").body()).contains("Ainda não tem conta?");
		assertThat(get("/login", "de-DE").body()).contains("<html lang=\"en\"").contains("No account yet?");
		assertThat(get("/css/no-such-file.css", "pt-BR").body()).contains("Esta página não existe.");
	}

	@Test
	void aStrangerGetsAnHttpOnlySameSiteCsrfCookieAndNoSession() throws Exception {
		HttpResponse<String> response = get("/login", "en");
		assertThat(response.headers().allValues("Set-Cookie")).singleElement().satisfies((cookie) -> assertThat(cookie)
			.startsWith("LLMCHAT_CSRF=")
			.contains("Path=/")
			.contains("HttpOnly")
			.contains("SameSite=Lax")
			.doesNotContain("Secure"));
	}

	private HttpResponse<String> get(String path, String language) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Accept", "text/html")
			.header("Accept-Language", language)
			.build();
		return this.client.send(request, BodyHandlers.ofString());
	}

}
