package dev.llmchat.backend.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving half of a bus: the handlers of each topic, called one message at a time on a thread of their own,
 * in the order the messages arrived, so that a slow handler delays the bus but never reorders it.
 */
final class Dispatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Dispatcher.class);

	private final Map<String, List<Consumer<ClusterBus.Message>>> handlers = new ConcurrentHashMap<>();

	private final List<Runnable> reconnectActions = new CopyOnWriteArrayList<>();

	private final ExecutorService delivery = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("llmchat-cluster-bus").daemon(true).factory());

	void subscribe(String topic, Consumer<ClusterBus.Message> handler) {
		this.handlers.computeIfAbsent(topic, (name) -> new CopyOnWriteArrayList<>()).add(handler);
	}

	void onReconnect(Runnable action) {
		this.reconnectActions.add(action);
	}

	void deliver(ClusterBus.Message message) {
		List<Consumer<ClusterBus.Message>> subscribers = this.handlers.getOrDefault(message.topic(), List.of());
		if (!subscribers.isEmpty()) {
			this.delivery.execute(() -> subscribers.forEach((handler) -> call(handler, message)));
		}
	}

	void reconnected() {
		this.delivery.execute(() -> this.reconnectActions.forEach(Runnable::run));
	}

	static void checkSize(String body) {
		int bytes = body.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > ClusterBus.MAX_BODY_BYTES) {
			throw new IllegalArgumentException(
					"A cluster message of " + bytes + " bytes; the most is " + ClusterBus.MAX_BODY_BYTES);
		}
	}

	private static void call(Consumer<ClusterBus.Message> handler, ClusterBus.Message message) {
		try {
			handler.accept(message);
		}
		catch (RuntimeException ex) {
			logger.warn("A cluster message on {} from {} could not be handled", message.topic(), message.from(), ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.delivery.shutdown();
		this.delivery.awaitTermination(5, TimeUnit.SECONDS);
	}

}
