package dev.llmchat.backend.transfer;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.llmchat.backend.system.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an imported file as a stream, one conversation at a time (only one conversation's JSON tree is in memory at
 * once), and tells which format it is: our {@code llmchat-chat} or {@code llmchat-chats} export, or ChatGPT's
 * {@code conversations.json} (a list of conversations). Each conversation is checked on its own; the whole file is
 * refused when it is not JSON (400), not one of these formats or holds too many conversations (422).
 */
@Component
class ImportReader {

	static final String NOT_AN_EXPORT = "The file is not an llmchat or ChatGPT export: expected an object with "
			+ "\"format\": \"" + ExportFile.ONE_CHAT + "\" or \"" + ExportFile.ALL_CHATS + "\" and \"version\": "
			+ ExportFile.VERSION + " (as GET /chats/{id}/export and GET /chats/export write it), or ChatGPT's "
			+ "conversations.json (a list of conversations, each with a \"mapping\").";

	private final JsonMapper json;

	private final ChatGptReader chatGpt;

	private final ConversationCheck check;

	private final TransferProperties limits;

	ImportReader(JsonMapper json, ChatGptReader chatGpt, ConversationCheck check, TransferProperties limits) {
		this.json = json;
		this.chatGpt = chatGpt;
		this.check = check;
		this.limits = limits;
	}

	/** Every conversation of the file, each checked: accepted or rejected with its reason. */
	List<Candidate> read(InputStream body) {
		try (JsonParser parser = this.json.createParser(body)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new InvalidRequestException(HttpStatus.BAD_REQUEST,
						"The request body is empty; send the exported JSON file.");
			}
			List<Candidate> candidates = switch (first) {
				case START_ARRAY -> chatGptConversations(parser);
				case START_OBJECT -> ourExport(parser);
				default -> throw new ImportRefusedException(HttpStatus.UNPROCESSABLE_CONTENT, NOT_AN_EXPORT, List.of());
			};
			if (parser.nextToken() != null) {
				throw new InvalidRequestException(HttpStatus.BAD_REQUEST,
						"The file holds more than one JSON value; send one export as it was written.");
			}
			return candidates;
		}
		catch (StreamConstraintsException ex) {
			throw new InvalidRequestException(HttpStatus.BAD_REQUEST, "The file nests values too deeply or has a "
					+ "value too large to read (" + where(ex.getLocation()) + "); send the export as it was written.");
		}
		catch (JacksonException ex) {
			throw new InvalidRequestException(HttpStatus.BAD_REQUEST, "The file is not valid JSON in UTF-8 ("
					+ where(ex.getLocation()) + "); send the export as it was written.");
		}
	}

	private List<Candidate> chatGptConversations(JsonParser parser) {
		List<Candidate> candidates = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			countOne(candidates.size());
			candidates.add(candidate(candidates.size(), this.json.readTree(parser), this.chatGpt::read));
		}
		return candidates;
	}

	private List<Candidate> ourExport(JsonParser parser) {
		String format = null;
		JsonNode version = null;
		Candidate one = null;
		List<Candidate> all = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "format" -> format = (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
				case "version" -> version = this.json.readTree(parser);
				case "chat" -> one = candidate(0, this.json.readTree(parser), this::ourChat);
				case "chats" -> all = (value == JsonToken.START_ARRAY) ? ourChats(parser) : skip(parser);
				default -> parser.skipChildren();
			}
		}
		if (!ExportFile.ONE_CHAT.equals(format) && !ExportFile.ALL_CHATS.equals(format)) {
			throw new ImportRefusedException(HttpStatus.UNPROCESSABLE_CONTENT, NOT_AN_EXPORT, List.of());
		}
		if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()
				|| version.intValue() != ExportFile.VERSION) {
			throw new ImportRefusedException(HttpStatus.UNPROCESSABLE_CONTENT, "This " + format + " file has the "
					+ "version " + ShownText.of(String.valueOf(version), 20) + "; this server reads version "
					+ ExportFile.VERSION + ".", List.of());
		}
		List<Candidate> candidates = ExportFile.ONE_CHAT.equals(format) ? ((one == null) ? null : List.of(one)) : all;
		if (candidates == null) {
			throw new ImportRefusedException(HttpStatus.UNPROCESSABLE_CONTENT, "This " + format + " file has no \""
					+ (ExportFile.ONE_CHAT.equals(format) ? "chat\" object." : "chats\" list."), List.of());
		}
		return candidates;
	}

	private List<Candidate> ourChats(JsonParser parser) {
		List<Candidate> candidates = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			countOne(candidates.size());
			candidates.add(candidate(candidates.size(), this.json.readTree(parser), this::ourChat));
		}
		return candidates;
	}

	private ExportedChat ourChat(JsonNode tree) {
		if (!tree.isObject()) {
			throw new RejectedConversation("It is not a chat object.");
		}
		return this.json.treeToValue(tree, ExportedChat.class);
	}

	private static List<Candidate> skip(JsonParser parser) {
		parser.skipChildren();
		return null;
	}

	private void countOne(int readSoFar) {
		if (readSoFar >= this.limits.maxConversations()) {
			throw new ImportRefusedException(HttpStatus.UNPROCESSABLE_CONTENT, "The file has more than "
					+ this.limits.maxConversations() + " conversations, the most imported at once; split it.",
					List.of());
		}
	}

	private Candidate candidate(int index, JsonNode tree, Function<JsonNode, ExportedChat> reader) {
		JsonNode titleNode = tree.path("title");
		String title = titleNode.isString() ? ShownText.of(titleNode.asString(), 200) : null;
		try {
			return new Candidate(index, title, this.check.check(reader.apply(tree)), null);
		}
		catch (RejectedConversation ex) {
			return new Candidate(index, title, null, ex.getMessage());
		}
		catch (DatabindException ex) {
			return new Candidate(index, title, null, "A value has the wrong type or is not valid text"
					+ (ex.getPath().isEmpty() ? "" : " at " + path(ex)) + ".");
		}
	}

	private static String path(DatabindException ex) {
		return ex.getPath()
			.stream()
			.map(reference -> (reference.getPropertyName() != null) ? ShownText.of(reference.getPropertyName(), 40)
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	private static String where(TokenStreamLocation location) {
		return (location == null) ? "at an unknown place"
				: "line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

}
