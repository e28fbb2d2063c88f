package dev.llmchat.simulator;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as a process: {@code java -jar vllm-simulator-exec.jar --port 8000}. Exit status 2 means bad
 * arguments, 1 a failure to start.
 */
public final class SimulatorMain {

	/**
	 * What {@link #run} returns when the simulator started and the process should keep running.
	 */
	static final int RUNNING = -1;

	private SimulatorMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		// NIO only: probing for epoll links native code, which costs start-up time and a JDK 24+ warning
		if (System.getProperty("io.netty.transport.noNative") == null) {
			System.setProperty("io.netty.transport.noNative", "true");
		}
		int status = run(args, System.out, System.err);
		if (status != RUNNING) {
			System.exit(status);
		}
		new CountDownLatch(1).await();
	}

	/**
	 * Starts the simulator, which then runs until the JVM stops, and returns {@link #RUNNING}; otherwise returns the
	 * exit status.
	 */
	static int run(String[] args, PrintStream out, PrintStream err) {
		CommandLine commandLine;
		try {
			commandLine = CommandLine.parse(args, System.getenv());
		}
		catch (IllegalArgumentException ex) {
			err.println("vllm-simulator: " + ex.getMessage());
			err.println("Run with --help for the options.");
			return 2;
		}
		if (commandLine.help()) {
			out.print(CommandLine.USAGE);
			return 0;
		}
		VllmSimulator simulator;
		try {
			simulator = VllmSimulator.startUnrecorded(commandLine.config());
		}
		catch (RuntimeException ex) {
			err.println("vllm-simulator: cannot listen on " + commandLine.config().host() + ":"
					+ commandLine.config().port() + ": " + ex.getMessage());
			return 1;
		}
		simulator.fault(commandLine.fault());
		Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "vllm-sim-shutdown"));
		Personality personality = commandLine.config().personality();
		out.println("vLLM simulator listening on " + simulator.baseUrl() + " (model " + commandLine.config().modelName()
				+ ") — answers are SIMULATED"
				+ ((personality != Personality.VLLM) ? ", acting as " + personality.id() : "")
				+ ((commandLine.fault() != Fault.NONE) ? " (fault " + commandLine.fault().id() + ")" : ""));
		return RUNNING;
	}

}
