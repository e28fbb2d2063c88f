package dev.llmchat.backend.generation;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The generations running now, one per chat at most. A chat is reserved before its generation is built, so two
 * simultaneous requests cannot both start one.
 */
@Component
class GenerationRegistry {

	private final Set<Long> reserved = ConcurrentHashMap.newKeySet();

	private final Map<Long, Generation> running = new ConcurrentHashMap<>();

	boolean reserve(Long chatId) {
		return this.reserved.add(chatId);
	}

	void register(Generation generation) {
		this.running.put(generation.chatId(), generation);
	}

	Optional<Generation> find(Long chatId) {
		return Optional.ofNullable(this.running.get(chatId));
	}

	Collection<Generation> all() {
		return this.running.values();
	}

	void release(Long chatId) {
		this.running.remove(chatId);
		this.reserved.remove(chatId);
	}

}
