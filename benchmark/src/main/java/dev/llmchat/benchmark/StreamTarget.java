package dev.llmchat.benchmark;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Something that streams answers to the same prompt: the model server (straight or behind nginx), the backend or the
 * frontend.
 */
interface StreamTarget {

	/** What every stream asks; the simulator's answer is the same for the same conversation. */
	String PROMPT = "Benchmark: say something about relays.";

	String name();

	/** The applications a stream passes through, whose CPU time it costs: the target's own first. */
	List<String> applications();

	/** Gets ready for streams number 0 to {@code count - 1} (a fresh chat for each, where the target needs one). */
	void prepare(int count);

	/** Stream number {@code index} of the prepared ones. */
	Mono<StreamResult> stream(int index);

	/** True when the answers are stored by the backend and can be checked in its database. */
	boolean stores();

}
