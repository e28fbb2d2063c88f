package dev.llmchat.backend.cluster;

import java.util.function.Consumer;

/** What every bus does alike: hand what arrives to the handlers of its topic, through one {@link Dispatcher}. */
abstract class DispatchingBus implements ClusterBus, AutoCloseable {

	final Dispatcher dispatcher = new Dispatcher();

	@Override
	public void subscribe(String topic, Consumer<Message> handler) {
		this.dispatcher.subscribe(topic, handler);
	}

	@Override
	public void onReconnect(Runnable action) {
		this.dispatcher.onReconnect(action);
	}

	@Override
	public void close() throws InterruptedException {
		this.dispatcher.close();
	}

}
