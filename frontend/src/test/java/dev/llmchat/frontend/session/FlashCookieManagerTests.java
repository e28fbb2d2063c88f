package dev.llmchat.frontend.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.FlashMap;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FlashCookieManagerTests {

	private final CookieSeal seal = new CookieSeal(
			List.of("a-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC());

	private final FlashCookieManager flashes = new FlashCookieManager(this.seal, JsonMapper.builder().build());

	@Test
	void aFlashMessageRidesTheRedirectInASealedCookieAndIsShownOnce() {
		Cookie cookie = redirect("/dashboard", "notice", "dashboard.rename.done");
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getMaxAge()).isEqualTo(180);
		assertThat(cookie.getValue()).doesNotContain("dashboard");

		MockHttpServletResponse shown = new MockHttpServletResponse();
		assertThat(show(get("/dashboard", cookie), shown)).containsEntry("notice", "dashboard.rename.done");
		assertThat(shown.getCookie(FlashCookieManager.COOKIE).getMaxAge()).as("cleared once shown").isZero();
	}

	@Test
	void aFlashMessageWaitsForThePageItIsFor() {
		Cookie cookie = redirect("/dashboard", "notice", "dashboard.delete.done");

		MockHttpServletResponse elsewhere = new MockHttpServletResponse();
		assertThat(show(get("/css/app.css", cookie), elsewhere)).isNull();
		assertThat(elsewhere.getCookie(FlashCookieManager.COOKIE)).isNull();
		assertThat(show(get("/dashboard", cookie), new MockHttpServletResponse())).containsEntry("notice",
				"dashboard.delete.done");
	}

	@Test
	void aPageThatShowsOneMessageAndRedirectsWithAnotherKeepsOnlyTheNewOne() {
		Cookie first = redirect("/dashboard", "notice", "first");

		MockHttpServletRequest request = get("/dashboard", first);
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(show(request, response)).containsEntry("notice", "first");
		FlashMap output = new FlashMap();
		output.put("notice", "second");
		output.setTargetRequestPath("/dashboard");
		this.flashes.saveOutputFlashMap(output, request, response);

		Cookie[] written = response.getCookies();
		Cookie last = written[written.length - 1];
		assertThat(show(get("/dashboard", last), new MockHttpServletResponse())).containsEntry("notice", "second").doesNotContainValue("first");
	}

	@Test
	void aTamperedFlashCookieIsNoMessage() {
		Cookie cookie = redirect("/dashboard", "problem", "The backend's sentence");
		char[] value = cookie.getValue().toCharArray();
		value[20] = (value[20] == 'A') ? 'B' : 'A';
		Cookie tampered = new Cookie(FlashCookieManager.COOKIE, new String(value));
		assertThat(show(get("/dashboard", tampered), new MockHttpServletResponse())).isNull();
	}

	private Cookie redirect(String target, String name, String value) {
		FlashMap flash = new FlashMap();
		flash.put(name, value);
		flash.setTargetRequestPath(target);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.flashes.saveOutputFlashMap(flash, new MockHttpServletRequest("POST", "/chats/7/rename"), response);
		return response.getCookie(FlashCookieManager.COOKIE);
	}

	/** The flash attributes for the request, or {@code null}. */
	private Map<String, Object> show(MockHttpServletRequest request, MockHttpServletResponse response) {
		return this.flashes.retrieveAndUpdate(request, response);
	}

	private static MockHttpServletRequest get(String path, Cookie cookie) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setCookies(cookie);
		return request;
	}

}
