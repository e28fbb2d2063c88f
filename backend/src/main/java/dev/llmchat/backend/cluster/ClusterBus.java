package dev.llmchat.backend.cluster;

import java.util.function.Consumer;

/**
 * Short messages between the backend's replicas: to one replica (its inbox) or to all of them, this one included.
 * On PostgreSQL they travel by {@code LISTEN}/{@code NOTIFY}, so PostgreSQL is all a scaled deployment needs; on
 * SQLite, where the process is alone, they stay in it. Messages from one sender arrive in the order they were sent;
 * a message sent while a replica's connection is being restored is lost, which {@link #onReconnect} announces.
 */
public interface ClusterBus {

	/** The most a message's body may hold, in bytes of UTF-8 (PostgreSQL's NOTIFY takes under 8,000). */
	int MAX_BODY_BYTES = 7_000;

	/** Sends {@code body} to the replica {@code replica} (which may be this one), for its {@code topic} handlers. */
	void send(String replica, String topic, String body);

	/** Sends {@code body} to every replica, this one included. */
	void broadcast(String topic, String body);

	/** Calls {@code handler} with every message on {@code topic} for this replica, one at a time, in order. */
	void subscribe(String topic, Consumer<Message> handler);

	/** Calls {@code action} after messages may have been lost, once the bus delivers again. */
	void onReconnect(Runnable action);

	/**
	 * One message.
	 *
	 * @param topic what it is about
	 * @param from the replica that sent it
	 * @param body its content, usually JSON
	 */
	record Message(String topic, String from, String body) {
	}

}
