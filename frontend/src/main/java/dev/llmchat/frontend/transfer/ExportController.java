package dev.llmchat.frontend.transfer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import dev.llmchat.frontend.auth.BackendUser;
import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.Download;

/**
 * Downloads of the backend's exports: one chat as JSON or Markdown, all chats as one JSON file.
 *
 * <p>The file's type is decided here by the format asked for, and its name is the backend's suggestion cut down to
 * letters, digits, spaces, dots, dashes and underscores with the format's extension: nothing the backend's header
 * carried (a path, a quote, a line break, another extension) reaches the browser's.
 */
@Controller
class ExportController {

	private static final Map<String, MediaType> TYPES = Map.of("json", MediaType.APPLICATION_JSON, "markdown",
			new MediaType("text", "markdown", StandardCharsets.UTF_8));

	private static final Map<String, String> EXTENSIONS = Map.of("json", ".json", "markdown", ".md");

	private static final Pattern UNSAFE = Pattern.compile("[^\\p{L}\\p{N} ._-]+");

	private static final int MAX_NAME = 100;

	private final BackendClient backend;

	ExportController(BackendClient backend) {
		this.backend = backend;
	}

	@GetMapping("/chat/{id}/export")
	ResponseEntity<byte[]> exportChat(@PathVariable("id") long chatId,
			@RequestParam(name = "format", defaultValue = "json") String format,
			@AuthenticationPrincipal BackendUser user) {
		if (!TYPES.containsKey(format)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
		}
		Download file = this.backend.exportChat(user.token(), chatId, format);
		return attachment(file, format, "chat-" + chatId);
	}

	@GetMapping("/chats/export")
	ResponseEntity<byte[]> exportChats(@AuthenticationPrincipal BackendUser user) {
		return attachment(this.backend.exportChats(user.token()), "json", "llmchat-chats");
	}

	private static ResponseEntity<byte[]> attachment(Download file, String format, String fallbackName) {
		String name = safeName(file.fileName(), EXTENSIONS.get(format), fallbackName);
		ContentDisposition.Builder disposition = ContentDisposition.attachment();
		// a name in plain ASCII goes as it is; any other gets the RFC 5987 form that every browser reads
		if (StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
			disposition.filename(name);
		}
		else {
			disposition.filename(name, StandardCharsets.UTF_8);
		}
		return ResponseEntity.ok()
			.contentType(TYPES.get(format))
			.header(HttpHeaders.CONTENT_DISPOSITION, disposition.build().toString())
			.body(file.body());
	}

	static String safeName(String suggested, String extension, String fallback) {
		String stem = (suggested != null) ? suggested.replaceFirst("\\.[A-Za-z0-9]{1,10}$", "") : "";
		stem = UNSAFE.matcher(stem).replaceAll("-").replaceAll("\\.{2,}", ".").strip();
		stem = stem.replaceAll("^[.\\-]+", "");
		if (stem.isEmpty()) {
			stem = fallback;
		}
		if (stem.length() > MAX_NAME) {
			stem = stem.substring(0, MAX_NAME);
		}
		return stem + extension;
	}

}
