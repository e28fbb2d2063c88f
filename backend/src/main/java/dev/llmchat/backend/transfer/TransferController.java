package dev.llmchat.backend.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmchat.backend.auth.CurrentUser;
import dev.llmchat.backend.system.NotFoundException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/chats")
@Validated
@Tag(name = "Export and import", description = "A chat or all of a user's chats as a file, and such a file (or "
		+ "ChatGPT's conversations.json) back as new chats")
class TransferController {

	private static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

	private final TransferStore store;

	private final ImportService imports;

	private final JsonMapper json;

	private final Clock clock;

	TransferController(TransferStore store, ImportService imports, JsonMapper json, Clock clock) {
		this.store = store;
		this.imports = imports;
		this.json = json;
		this.clock = clock;
	}

	@GetMapping("/{id}/export")
	@Operation(summary = "Download a chat as JSON or Markdown",
			description = "json (default): the llmchat-chat format, with every version of every message and the "
					+ "chat's settings, which POST /chats/import takes back. markdown: the title, the settings and "
					+ "system prompt, then the branch shown, each message under \"## You\" or \"## Assistant\".")
	ResponseEntity<Object> export(@AuthenticationPrincipal CurrentUser user, @PathVariable Long id,
			@RequestParam(defaultValue = "json")
			@Pattern(regexp = "json|markdown", message = "must be json or markdown") String format) {
		ExportedChat chat = this.store.read(user.id(), id)
			.orElseThrow(() -> new NotFoundException("Chat " + id + " was not found."));
		boolean markdown = "markdown".equals(format);
		return ResponseEntity.ok()
			.contentType(markdown ? MARKDOWN : MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION, attachment(DownloadName.of(chat.title(), "chat-" + id,
					markdown ? "md" : "json")))
			.body(markdown ? MarkdownExport.of(chat) : new ExportFile.OneChat(chat));
	}

	@GetMapping(path = "/export", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Download all of your chats as one JSON file (the llmchat-chats format)",
			description = "Written as it is read, one chat at a time.")
	void exportAll(@AuthenticationPrincipal CurrentUser user, HttpServletResponse response) throws IOException {
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				attachment("llmchat-chats-" + this.clock.instant().atOffset(ZoneOffset.UTC).toLocalDate() + ".json"));
		try (JsonGenerator out = this.json.createGenerator(response.getOutputStream())) {
			out.writeStartObject();
			out.writeStringProperty("format", ExportFile.ALL_CHATS);
			out.writeNumberProperty("version", ExportFile.VERSION);
			out.writeName("exported_at");
			this.json.writeValue(out, this.clock.instant());
			out.writeName("chats");
			out.writeStartArray();
			for (Long chatId : this.store.chatIds(user.id())) {
				this.store.read(user.id(), chatId).ifPresent(chat -> this.json.writeValue(out, chat));
			}
			out.writeEndArray();
			out.writeEndObject();
		}
	}

	@PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Import chats from a file, as new chats of yours",
			description = "Takes what GET /chats/{id}/export and GET /chats/export write (every version, the settings, "
					+ "statuses and times come back) or ChatGPT's conversations.json (its branches become versions). "
					+ "Each conversation is checked on its own: those that pass are imported, the others listed in "
					+ "\"rejected\" with the reason. 422 when none passes or the file is not one of these formats, "
					+ "400 when it is not JSON, 413 above llmchat.max-import-bytes; then nothing is stored.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
					mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object",
							description = "an llmchat-chat or llmchat-chats export, or ChatGPT's conversations.json"))))
	ImportResult importFile(@AuthenticationPrincipal CurrentUser user, @Parameter(hidden = true) InputStream body) {
		return this.imports.importFile(user.id(), body);
	}

	@ExceptionHandler(ImportRefusedException.class)
	ResponseEntity<ProblemDetail> refused(ImportRefusedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
		problem.setTitle(ex.status().getReasonPhrase());
		problem.setProperty("rejected", ex.rejected());
		return ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static String attachment(String filename) {
		return ContentDisposition.attachment().filename(filename).build().toString();
	}

}
