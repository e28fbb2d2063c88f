package dev.llmchat.backend.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.llmchat.backend.system.DatabaseUrl;

/**
 * The bus between replicas on PostgreSQL: each replica listens on {@code llmchat_all} and on its own inbox
 * {@code llmchat_r_<id>} over one connection of its own, outside the pool, and sends with {@code pg_notify} on a
 * pooled connection. Notifications are per database, so deployments on other databases of the same server never
 * hear each other. A lost connection is opened again, with the channels listened to again, and the handlers of
 * {@link #onReconnect} are told, since what was sent meanwhile is gone.
 */
final class PostgresBus extends DispatchingBus {

	private static final Logger logger = LoggerFactory.getLogger(PostgresBus.class);

	static final String ALL = "llmchat_all";

	private static final Duration WAIT_FOR_LISTENING = Duration.ofSeconds(10);

	private static final Duration CHECK_CONNECTION = Duration.ofSeconds(10);

	private static final int POLL_MILLIS = 250;

	private final Replica replica;

	private final DatabaseUrl database;

	private final JdbcTemplate jdbc;

	private final CountDownLatch listening = new CountDownLatch(1);

	private final Thread listener;

	private volatile boolean running = true;

	private volatile Connection connection;

	PostgresBus(Replica replica, DatabaseUrl database, JdbcTemplate jdbc) {
		this.replica = replica;
		this.database = database;
		this.jdbc = jdbc;
		this.listener = Thread.ofPlatform().name("llmchat-cluster-listener").daemon(true).start(this::listen);
		try {
			if (!this.listening.await(WAIT_FOR_LISTENING.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("The cluster bus is not listening yet after {} s; it keeps trying",
						WAIT_FOR_LISTENING.toSeconds());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static String inbox(String replica) {
		return "llmchat_r_" + replica;
	}

	@Override
	public void send(String replica, String topic, String body) {
		notify(inbox(replica), topic, body);
	}

	@Override
	public void broadcast(String topic, String body) {
		notify(ALL, topic, body);
	}

	private void notify(String channel, String topic, String body) {
		Dispatcher.checkSize(body);
		this.jdbc.queryForObject("select pg_notify(?, ?)", Object.class, channel,
				topic + '\n' + this.replica.id() + '\n' + body);
	}

	private void listen() {
		boolean first = true;
		long backoffMillis = 100;
		while (this.running) {
			try (Connection opened = connect()) {
				this.connection = opened;
				try (Statement statement = opened.createStatement()) {
					statement.execute("listen " + ALL);
					statement.execute("listen " + inbox(this.replica.id()));
				}
				if (!first) {
					logger.info("The cluster bus listens again; messages sent meanwhile are lost");
					this.dispatcher.reconnected();
				}
				first = false;
				backoffMillis = 100;
				this.listening.countDown();
				receive(opened);
			}
			catch (SQLException ex) {
				if (this.running) {
					logger.warn("The cluster bus lost its connection ({}); reconnecting in {} ms", ex.getMessage(),
							backoffMillis);
					sleep(backoffMillis);
					backoffMillis = Math.min(backoffMillis * 2, 5_000);
				}
			}
		}
	}

	private void receive(Connection opened) throws SQLException {
		PGConnection postgres = opened.unwrap(PGConnection.class);
		long nextCheck = System.nanoTime() + CHECK_CONNECTION.toNanos();
		while (this.running) {
			PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
			if (notifications != null) {
				for (PGNotification notification : notifications) {
					deliver(notification.getParameter());
				}
			}
			if (System.nanoTime() > nextCheck) {
				// a connection that died silently would otherwise just never deliver again
				try (Statement statement = opened.createStatement()) {
					statement.execute("select 1");
				}
				nextCheck = System.nanoTime() + CHECK_CONNECTION.toNanos();
			}
		}
	}

	private void deliver(String payload) {
		int first = payload.indexOf('\n');
		int second = payload.indexOf('\n', first + 1);
		if (first < 0 || second < 0) {
			logger.warn("A cluster message of an unknown shape was ignored");
			return;
		}
		this.dispatcher.deliver(new Message(payload.substring(0, first), payload.substring(first + 1, second),
				payload.substring(second + 1)));
	}

	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		if (this.database.username() != null) {
			properties.setProperty("user", this.database.username());
		}
		if (this.database.password() != null) {
			properties.setProperty("password", this.database.password());
		}
		properties.setProperty("ApplicationName", "llmchat cluster bus " + this.replica.id());
		properties.setProperty("tcpKeepAlive", "true");
		Connection opened = DriverManager.getConnection(this.database.jdbcUrl(), properties);
		opened.setAutoCommit(true);
		return opened;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		Connection open = this.connection;
		if (open != null) {
			try {
				open.close();
			}
			catch (SQLException ex) {
				// closing anyway
			}
		}
		this.listener.join(2_000);
		super.close();
	}

}
