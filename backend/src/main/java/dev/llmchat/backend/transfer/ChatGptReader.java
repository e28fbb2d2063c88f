package dev.llmchat.backend.transfer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one conversation of ChatGPT's {@code conversations.json} as a chat. Its {@code mapping} is a tree of nodes,
 * each naming its parent; the questions and answers people saw are kept (text, and a note where an image or file
 * was), while system, tool and hidden nodes, the empty root and content that is not text are left out, and a node
 * left out hands its children to its nearest kept ancestor. So an edited question or a regenerated answer, which
 * ChatGPT keeps as siblings, becomes a version of its message, and {@code current_node} the branch shown.
 */
@Component
class ChatGptReader {

	private static final Set<String> ROLES = Set.of("user", "assistant");

	private static final Set<String> TEXT_TYPES = Set.of("text", "multimodal_text");

	private final JsonMapper json;

	private final Clock clock;

	ChatGptReader(JsonMapper json, Clock clock) {
		this.json = json;
		this.clock = clock;
	}

	/** Whether the JSON value looks like one of ChatGPT's conversations. */
	static boolean isConversation(JsonNode tree) {
		return tree.isObject() && tree.path("mapping").isObject();
	}

	/** The conversation as a chat, not yet checked against the API's limits. */
	ExportedChat read(JsonNode tree) {
		if (!isConversation(tree)) {
			throw new RejectedConversation("It is not a ChatGPT conversation: it has no \"mapping\" of messages.");
		}
		Conversation conversation = this.json.treeToValue(tree, Conversation.class);
		Instant createdAt = instant(conversation.createTime(), this.clock.instant());
		List<Kept> kept = new ArrayList<>();
		int position = 0;
		for (Map.Entry<String, Node> entry : conversation.mapping().entrySet()) {
			Message message = (entry.getValue() == null) ? null : entry.getValue().message();
			String text = shownText(message);
			if (text != null) {
				kept.add(new Kept(entry.getKey(), message, text, instant(message.createTime(), createdAt), position));
			}
			position++;
		}
		kept.sort(Comparator.comparing(Kept::createdAt).thenComparingInt(Kept::position));
		Map<String, Integer> keys = new HashMap<>();
		for (Kept node : kept) {
			keys.put(node.id(), keys.size() + 1);
		}
		Ancestors ancestors = new Ancestors(conversation.mapping(), keys.keySet());
		List<ExportedMessage> messages = new ArrayList<>(kept.size());
		for (Kept node : kept) {
			String parent = ancestors.nearestKept(conversation.mapping().get(node.id()).parent());
			String role = node.message().author().role();
			messages.add(new ExportedMessage(keys.get(node.id()), keys.get(parent), role, node.text(),
					"in_progress".equals(node.message().status()) ? "interrupted" : "complete",
					"assistant".equals(role) ? modelOf(node.message()) : null, null, null, null, null, null, null,
					node.createdAt()));
		}
		String current = (conversation.currentNode() == null
				|| !conversation.mapping().containsKey(conversation.currentNode())) ? null
						: ancestors.nearestKept(conversation.currentNode());
		String title = (conversation.title() == null) ? "" : conversation.title().strip();
		return new ExportedChat(title.isEmpty() ? "New chat" : title, title.isEmpty() ? "default" : "user", null, null,
				null, null, null, createdAt, instant(conversation.updateTime(), null),
				(current != null) ? keys.get(current) : newestLeaf(messages), messages);
	}

	/** What the person saw of the message, or null when it is not shown in the conversation. */
	private String shownText(Message message) {
		if (message == null || message.author() == null || !ROLES.contains(message.author().role())
				|| message.content() == null || !TEXT_TYPES.contains(message.content().contentType())
				|| message.content().parts() == null || (message.recipient() != null && !"all".equals(message.recipient()))
				|| (message.metadata() != null
						&& message.metadata().path("is_visually_hidden_from_conversation").asBoolean(false))) {
			return null;
		}
		List<String> parts = new ArrayList<>();
		for (JsonNode part : message.content().parts()) {
			if (part != null && part.isString()) {
				parts.add(this.json.treeToValue(part, String.class));
			}
			else if (part != null && part.isObject()) {
				parts.add(part.path("content_type").asString("").contains("image") ? "[image not imported]"
						: "[attachment not imported]");
			}
		}
		String text = String.join("\n\n", parts.stream().filter(part -> !part.isEmpty()).toList());
		return text.isBlank() ? null : text;
	}

	private static String modelOf(Message message) {
		JsonNode slug = (message.metadata() == null) ? null : message.metadata().get("model_slug");
		return (slug != null && slug.isString()) ? slug.asString() : null;
	}

	private static Integer newestLeaf(List<ExportedMessage> messages) {
		Set<Integer> parents = new HashSet<>();
		messages.forEach(message -> parents.add(message.parent()));
		return messages.stream()
			.map(ExportedMessage::key)
			.filter(key -> !parents.contains(key))
			.max(Integer::compare)
			.orElse(null);
	}

	private static Instant instant(Double seconds, Instant otherwise) {
		return (seconds == null || !Double.isFinite(seconds)) ? otherwise
				: Instant.ofEpochMilli(Math.round(seconds * 1000));
	}

	/**
	 * The nearest kept node at or above each node, found by walking up parents without recursion and remembering
	 * every walked path, so each node is walked once; a parent missing from the mapping or parents that form a
	 * cycle refuse the conversation.
	 */
	private static final class Ancestors {

		private final Map<String, Node> mapping;

		private final Set<String> kept;

		private final Map<String, String> found = new HashMap<>();

		Ancestors(Map<String, Node> mapping, Set<String> kept) {
			this.mapping = mapping;
			this.kept = kept;
		}

		/** The id of the nearest kept node at or above {@code id}, or null when none is. */
		String nearestKept(String id) {
			List<String> walked = new ArrayList<>();
			Set<String> seen = new HashSet<>();
			String current = id;
			String result;
			while (true) {
				if (current == null) {
					result = null;
					break;
				}
				if (this.found.containsKey(current)) {
					result = this.found.get(current);
					break;
				}
				if (this.kept.contains(current)) {
					result = current;
					break;
				}
				Node node = this.mapping.get(current);
				if (node == null) {
					throw new RejectedConversation("A message follows the node " + ShownText.of(current, 40)
							+ ", which is not in the conversation's mapping.");
				}
				if (!seen.add(current)) {
					throw new RejectedConversation("The parents of its nodes form a cycle.");
				}
				walked.add(current);
				current = node.parent();
			}
			for (String node : walked) {
				this.found.put(node, result);
			}
			return result;
		}

	}

	private record Kept(String id, Message message, String text, Instant createdAt, int position) {
	}

	record Conversation(String title, Double createTime, Double updateTime, Map<String, Node> mapping,
			String currentNode) {
	}

	record Node(String id, Message message, String parent, List<String> children) {
	}

	record Message(Author author, Content content, Double createTime, String status, String recipient,
			JsonNode metadata) {
	}

	record Author(String role) {
	}

	record Content(String contentType, List<JsonNode> parts) {
	}

}
