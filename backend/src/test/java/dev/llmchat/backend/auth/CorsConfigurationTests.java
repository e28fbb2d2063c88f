package dev.llmchat.backend.auth;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.util.ServletRequestPathUtils;

import dev.llmchat.backend.system.AppProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CORS policy built from {@code CORS_ORIGINS}, run through Spring's own CORS processor: listed origins are
 * allowed with credentials, others get no {@code Access-Control-Allow-Origin}, and a {@code *} never comes with
 * {@code Access-Control-Allow-Credentials: true}. (The same policy over real HTTP: ThrottlingAndCorsTests.)
 */
class CorsConfigurationTests {

	@Test
	void aListedOriginIsAllowedWithCredentials() throws Exception {
		CorsConfigurationSource source = source("[\"http://localhost:5001\",\"https://chat.example\"]");
		MockHttpServletResponse response = process(source, get("https://chat.example"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://chat.example");
		assertThat(response.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
		assertThat(response.getHeader("Access-Control-Expose-Headers")).contains("Retry-After");
	}

	@Test
	void anUnlistedOriginGetsNoAllowOriginAndItsPreflightIsRefused() throws Exception {
		CorsConfigurationSource source = source("http://localhost:5001");
		for (MockHttpServletRequest request : new MockHttpServletRequest[] { get("https://evil.example"),
				preflight("https://evil.example"), get("http://localhost:5001.evil.example"), get("null") }) {
			MockHttpServletResponse response = process(source, request);
			assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
			assertThat(response.getHeader("Access-Control-Allow-Credentials")).isNull();
			assertThat(response.getStatus()).isEqualTo(403);
		}
	}

	@Test
	void withoutCorsOriginsNoOriginIsAllowed() throws Exception {
		MockHttpServletResponse response = process(source(""), get("http://localhost:5001"));
		assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
		assertThat(response.getStatus()).isEqualTo(403);
	}

	@Test
	void aWildcardAllowsAnyOriginButNeverWithCredentials() throws Exception {
		CorsConfigurationSource source = source("[\"http://localhost:3000\",\"*\"]");
		for (MockHttpServletRequest request : new MockHttpServletRequest[] { get("https://anywhere.example"),
				preflight("https://anywhere.example"), get("http://localhost:3000") }) {
			MockHttpServletResponse response = process(source, request);
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getHeader("Access-Control-Allow-Origin")).isIn("*", request.getHeader("Origin"));
			assertThat(response.getHeader("Access-Control-Allow-Credentials")).isNull();
		}
	}

	@Test
	void aPreflightMayAskForTheBearerHeaderAndTheApisMethods() throws Exception {
		MockHttpServletResponse response = process(source("https://chat.example"), preflight("https://chat.example"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
		assertThat(response.getHeader("Access-Control-Allow-Methods")).contains("PATCH", "DELETE");
	}

	private static CorsConfigurationSource source(String corsOrigins) {
		return new SecurityConfiguration().corsConfigurationSource(new AppProperties("test", false, corsOrigins, null, null));
	}

	private static MockHttpServletResponse process(CorsConfigurationSource source, MockHttpServletRequest request)
			throws Exception {
		ServletRequestPathUtils.parseAndCache(request);
		CorsConfiguration configuration = source.getCorsConfiguration(request);
		MockHttpServletResponse response = new MockHttpServletResponse();
		new DefaultCorsProcessor().processRequest(configuration, request, response);
		return response;
	}

	private static MockHttpServletRequest get(String origin) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/chats");
		request.addHeader("Origin", origin);
		return request;
	}

	private static MockHttpServletRequest preflight(String origin) {
		MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", "/chats");
		request.addHeader("Origin", origin);
		request.addHeader("Access-Control-Request-Method", "PATCH");
		request.addHeader("Access-Control-Request-Headers", "authorization, content-type");
		return request;
	}

}
