package dev.llmchat.system.reliability;

import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's browser session with the frontend, without a browser: a cookie jar, the CSRF token the pages carry
 * (sent as the form field {@code _csrf} or as the header the page names), and the calls the pages make.
 */
final class FrontendSession {

	private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern META_TOKEN = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");

	private static final Pattern CHAT_PAGE = Pattern.compile("/chat/([0-9]+)$");

	private static final Pattern META_HEADER = Pattern.compile("<meta name=\"csrf-header\" content=\"([^\"]+)\"");

	private final Http http;

	private String csrfToken;

	private String csrfHeader = "X-CSRF-TOKEN";

	FrontendSession(String frontendUrl) {
		this.http = new Http(frontendUrl);
	}

	/** A session from another loopback address, as another person's browser would come from another address. */
	FrontendSession(String frontendUrl, InetAddress from) {
		this.http = new Http(frontendUrl, from);
	}

	private FrontendSession(Http http, String csrfToken, String csrfHeader) {
		this.http = http;
		this.csrfToken = csrfToken;
		this.csrfHeader = csrfHeader;
	}

	/** This browser, with its cookies and the CSRF token of the page it shows, reaching another frontend replica. */
	FrontendSession at(String frontendUrl) {
		return new FrontendSession(this.http.at(frontendUrl), this.csrfToken, this.csrfHeader);
	}

	/** Registers through the forms and logs in; the session is then signed in. */
	static FrontendSession signUp(String frontendUrl, String email, String password) {
		FrontendSession session = new FrontendSession(frontendUrl);
		session.page("/register");
		Http.Response registered = session.form("/register", Map.of("email", email, "password", password, "fullName", "Test"));
		if (registered.status() != 302) {
			throw new IllegalStateException("registering " + email + " through the frontend failed: " + registered);
		}
		session.logIn(email, password);
		return session;
	}

	void logIn(String email, String password) {
		page("/login");
		Http.Response login = form("/login", Map.of("email", email, "password", password));
		if (login.status() != 302 || !login.header("Location").endsWith("/dashboard")) {
			throw new IllegalStateException("logging in " + email + " through the frontend failed: " + login);
		}
		page("/dashboard");
	}

	/** Creates a chat through the dashboard's form and returns its id, from the redirect to its page. */
	long newChat(String title) {
		Http.Response created = form("/chats/new", Map.of("title", title));
		Matcher chat = CHAT_PAGE.matcher(String.valueOf(created.header("Location")));
		if (created.status() != 302 || !chat.find()) {
			throw new IllegalStateException("creating a chat through the frontend failed: " + created);
		}
		return Long.parseLong(chat.group(1));
	}

	/** A GET of a page; its CSRF token, when it shows one, is kept for the next posts. */
	Http.Response page(String path) {
		Http.Response response = this.http.get(path, null);
		remember(response.body());
		return response;
	}

	Http.Response get(String path, Map<String, String> headers) {
		return this.http.getWith(path, headers);
	}

	/** A form post with the session's CSRF token. */
	Http.Response form(String path, Map<String, String> fields) {
		Map<String, String> all = new LinkedHashMap<>(fields);
		if (this.csrfToken != null) {
			all.put("_csrf", this.csrfToken);
		}
		return formWithoutToken(path, all);
	}

	Http.Response formWithoutToken(String path, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
		return this.http.postForm(path, body);
	}

	/** A JSON post of the chat page's scripts, with the CSRF header. */
	Http.Response api(String path, String json) {
		return api("POST", path, json);
	}

	/** A JSON request of the chat page's scripts (PUT, PATCH…), with the CSRF header. */
	Http.Response api(String method, String path, String json) {
		return this.http.sendJson(method, path, Map.of(this.csrfHeader, this.csrfToken), json);
	}

	/** The chat page sending a prompt: its answer's event stream, as the page reads it. */
	Events stream(long chatId, String prompt) {
		return Events.of(this.http.openStream("/api/stream", null, Map.of(this.csrfHeader, this.csrfToken),
				Map.of("chat_id", chatId, "prompt", prompt)));
	}

	/** The chat page, reloaded mid-answer, attaching to it after the last event it had shown. */
	Events attach(long chatId, long lastEventId) {
		return Events.of(this.http.openStream("/api/chats/" + chatId + "/generation", null,
				Map.of("Last-Event-ID", Long.toString(lastEventId)), null));
	}

	Http.Response apiWithoutToken(String path, String json) {
		return this.http.postJson(path, Map.of(), json);
	}

	private void remember(String html) {
		Matcher meta = META_TOKEN.matcher(html);
		Matcher form = FORM_TOKEN.matcher(html);
		if (meta.find()) {
			this.csrfToken = meta.group(1);
		}
		else if (form.find()) {
			this.csrfToken = form.group(1);
		}
		Matcher header = META_HEADER.matcher(html);
		if (header.find()) {
			this.csrfHeader = header.group(1);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
