package dev.llmchat.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A failure the simulator plays back, for every request ({@link VllmSimulator#fault(Fault)}) or for one request
 * (the {@code [[sim:fault=<id>]]} directive).
 */
public enum Fault {

	NONE, REFUSE_CONNECTIONS, SERVER_ERROR, CONTEXT_LENGTH, STALL_BEFORE_FIRST_TOKEN, STALL_MID_STREAM, DROP_MID_STREAM,
	ERROR_FRAME_MID_STREAM, MALFORMED_CHUNK, STALL_AFTER_DONE;

	private final String id = name().toLowerCase(Locale.ROOT).replace('_', '-');

	/**
	 * The kebab-case id used by the command line, the directive and {@code POST /sim/fault}.
	 */
	public String id() {
		return this.id;
	}

	public static Fault fromId(String id) {
		for (Fault fault : values()) {
			if (fault.id.equals(id)) {
				return fault;
			}
		}
		throw new IllegalArgumentException("Unknown fault '" + id + "', expected one of: " + ids());
	}

	static String ids() {
		return Arrays.stream(values()).map(Fault::id).collect(Collectors.joining(", "));
	}

}
