package dev.llmchat.backend.generation;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The generations this replica runs now, by chat. That a chat has at most one running answer, on any replica, the
 * database keeps ({@code ConversationStore.begin}).
 */
@Component
class GenerationRegistry {

	private final Map<Long, Generation> running = new ConcurrentHashMap<>();

	void register(Generation generation) {
		this.running.put(generation.chatId(), generation);
	}

	Optional<Generation> find(Long chatId) {
		return Optional.ofNullable(this.running.get(chatId));
	}

	Optional<Generation> findAnswer(long answerId) {
		return this.running.values().stream().filter((generation) -> generation.answerId() == answerId).findFirst();
	}

	Collection<Generation> all() {
		return this.running.values();
	}

	void release(Long chatId) {
		this.running.remove(chatId);
	}

}
