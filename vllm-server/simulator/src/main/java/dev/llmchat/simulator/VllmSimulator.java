package dev.llmchat.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A server that speaks vLLM's OpenAI-compatible wire format with simulated answers, so tests, demos and benchmarks
 * run without a GPU. Start one per test class with {@link #start(SimulatorConfig)}, point the client at
 * {@link #baseUrl()}, and close it at the end.
 */
public final class VllmSimulator implements AutoCloseable {

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

	private final SimulatorConfig config;

	private final SimulatorStats stats = new SimulatorStats();

	private final ReceivedRequests received;

	private final LoopResources loops;

	private final HttpServer server;

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final AtomicLong connectionsOpened = new AtomicLong();

	private final int port;

	private volatile Fault fault = Fault.NONE;

	private DisposableServer bound;

	private VllmSimulator(SimulatorConfig config, boolean recordRequests) {
		this.config = config;
		this.received = new ReceivedRequests(recordRequests);
		this.loops = LoopResources.create("vllm-sim", 1, Math.max(2, Runtime.getRuntime().availableProcessors()),
				true);
		SimulatorHandler handler = new SimulatorHandler(config, this.stats, this.received, this::fault,
				new AdminEndpoints(this.stats, this::fault, this::fault));
		this.server = HttpServer.create()
			.host(config.host())
			.runOn(this.loops)
			.doOnChannelInit((observer, channel, remoteAddress) -> this.connectionsOpened.incrementAndGet())
			.doOnConnection((connection) -> this.connections.add(connection.channel()))
			.handle(handler::handle);
		try {
			this.bound = this.server.port(config.port()).bindNow();
		}
		catch (RuntimeException ex) {
			this.loops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block();
			throw ex;
		}
		this.port = this.bound.port();
	}

	/**
	 * Starts a simulator that listens until {@link #close()}.
	 */
	public static VllmSimulator start(SimulatorConfig config) {
		return new VllmSimulator(config, true);
	}

	/**
	 * Starts a simulator for the standalone process, which keeps no received requests.
	 */
	static VllmSimulator startUnrecorded(SimulatorConfig config) {
		return new VllmSimulator(config, false);
	}

	public int port() {
		return this.port;
	}

	/**
	 * The server root, for example {@code http://127.0.0.1:8000}, where {@code /health} lives.
	 */
	public String rootUrl() {
		return "http://" + hostForUrl() + ":" + this.port;
	}

	/**
	 * The OpenAI base URL, for example {@code http://127.0.0.1:8000/v1}.
	 */
	public String baseUrl() {
		return rootUrl() + "/v1";
	}

	/**
	 * Plays back {@code fault} for all following requests; {@link Fault#NONE} clears it.
	 * {@link Fault#REFUSE_CONNECTIONS} unbinds the socket and closes open connections, so clients see a server that
	 * went away; any other fault binds it again on the same port.
	 */
	public synchronized void fault(Fault fault) {
		if (fault == Fault.REFUSE_CONNECTIONS && this.bound != null) {
			this.bound.disposeNow(SHUTDOWN_TIMEOUT);
			this.bound = null;
			this.connections.close().syncUninterruptibly();
		}
		else if (fault != Fault.REFUSE_CONNECTIONS && this.bound == null) {
			this.bound = this.server.port(this.port).bindNow();
		}
		this.fault = fault;
	}

	public Fault fault() {
		return this.fault;
	}

	/**
	 * Every {@code POST /v1/chat/completions} received, in arrival order.
	 */
	public List<ReceivedRequest> receivedRequests() {
		return this.received.snapshot();
	}

	public void clearReceived() {
		this.received.clear();
	}

	/**
	 * Requests the client abandoned before the simulator finished them; vLLM aborts those.
	 */
	public long cancelledRequests() {
		return this.stats.cancelled();
	}

	/**
	 * Connections clients have opened so far: a client that keeps its connections opens few.
	 */
	public long connectionsOpened() {
		return this.connectionsOpened.get();
	}

	/**
	 * Chat completions that ran to the end.
	 */
	public long completedRequests() {
		return this.stats.completed();
	}

	/**
	 * Streams in progress now.
	 */
	public int activeStreams() {
		return this.stats.activeStreams();
	}

	public long tokenizeRequests() {
		return this.stats.tokenize();
	}

	@Override
	public synchronized void close() {
		if (this.bound != null) {
			this.bound.disposeNow(SHUTDOWN_TIMEOUT);
			this.bound = null;
		}
		this.loops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block();
	}

	private String hostForUrl() {
		String host = this.config.host();
		if (host.equals("0.0.0.0") || host.equals("::")) {
			return "127.0.0.1";
		}
		return host.contains(":") ? "[" + host + "]" : host;
	}

}
