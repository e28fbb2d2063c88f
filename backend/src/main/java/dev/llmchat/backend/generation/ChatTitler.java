package dev.llmchat.backend.generation;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.llmchat.backend.chat.ChatTitles;
import dev.llmchat.backend.chat.ConversationStore;
import dev.llmchat.backend.chat.MessageStatus;
import dev.llmchat.backend.llm.LlmClient;
import dev.llmchat.backend.llm.LlmMessage;
import dev.llmchat.backend.llm.LlmProperties;
import dev.llmchat.backend.llm.LlmRequest;

/**
 * Asks the model for a chat's title once its first answer is complete, in the background: the answer's {@code done}
 * never waits for it. The title replaces the first words of the question unless the person named the chat since; any
 * failure leaves those words. Counted as {@code llmchat.titles} by outcome: {@code model} (stored), {@code kept}
 * (named meanwhile, or nothing usable came back) or {@code failed}.
 */
@Component
class ChatTitler implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ChatTitler.class);

	static final String INSTRUCTION = "You name conversations. Write a title of at most six words for the "
			+ "conversation the user gives you, in the language the user wrote in. Answer with the title only: no "
			+ "quotes, no Markdown, no explanation, no period at the end.";

	/** A title needs a few tokens; more would only wait longer for an answer cut anyway. */
	static final int MAX_TOKENS = 32;

	/** How much of the question and of the answer is sent: enough to know the subject, small for any window. */
	static final int EXCERPT = 1_000;

	private final ConversationStore store;

	private final LlmClient llm;

	private final LlmProperties properties;

	private final MeterRegistry meters;

	private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

	ChatTitler(ConversationStore store, LlmClient llm, LlmProperties properties, MeterRegistry meters) {
		this.store = store;
		this.llm = llm;
		this.properties = properties;
		this.meters = meters;
	}

	/** When the answer of {@code exchange} is complete, asks for its chat's title on a thread of its own. */
	void titleLater(ConversationStore.Exchange exchange, ConversationStore.FinalAnswer answer) {
		if (answer.status() == MessageStatus.COMPLETE) {
			this.background.execute(() -> title(exchange, answer.content()));
		}
	}

	private void title(ConversationStore.Exchange exchange, String answer) {
		String outcome;
		try {
			String written = this.llm.complete(request(exchange, answer), this.properties.firstTokenTimeout())
				.block();
			Optional<String> title = ChatTitles.fromModel((written != null) ? written : "");
			outcome = (title.isPresent() && this.store.titleByModel(exchange.chatId(), title.get())) ? "model" : "kept";
		}
		catch (RuntimeException ex) {
			outcome = "failed";
			logger.info("The model wrote no title for chat {}; it keeps the question's first words: {}",
					exchange.chatId(), ex.getMessage());
		}
		Counter.builder("llmchat.titles")
			.description("Chats the model was asked to title, by outcome")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	private static LlmRequest request(ConversationStore.Exchange exchange, String answer) {
		String conversation = "User: " + excerpt(exchange.prompt()) + "\n\nAssistant: " + excerpt(answer);
		return new LlmRequest(exchange.model(), List.of(LlmMessage.system(INSTRUCTION),
				LlmMessage.user("Write the title of this conversation.\n\n" + conversation)), 0.2, null, MAX_TOKENS);
	}

	private static String excerpt(String text) {
		if (text.length() <= EXCERPT) {
			return text;
		}
		// never half of a character written as two chars
		return text.substring(0, Character.isHighSurrogate(text.charAt(EXCERPT - 1)) ? EXCERPT - 1 : EXCERPT);
	}

	@Override
	public void destroy() {
		this.background.shutdownNow();
	}

}
