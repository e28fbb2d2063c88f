package dev.llmchat.backend.cluster;

/** The bus of a backend that is alone on its database (SQLite): every message is for this process. */
final class LocalBus extends DispatchingBus {

	private final Replica replica;

	LocalBus(Replica replica) {
		this.replica = replica;
	}

	@Override
	public void send(String replica, String topic, String body) {
		Dispatcher.checkSize(body);
		if (this.replica.id().equals(replica)) {
			this.dispatcher.deliver(new Message(topic, this.replica.id(), body));
		}
	}

	@Override
	public void broadcast(String topic, String body) {
		send(this.replica.id(), topic, body);
	}

}
