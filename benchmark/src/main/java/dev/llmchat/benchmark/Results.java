package dev.llmchat.benchmark;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one benchmark run measured.
 *
 * @param context lines about the machine and the run
 * @param startupMs application name to milliseconds from start to healthy
 * @param idleKb application name to resident memory after start-up, before any load
 * @param peakKb application name to the highest resident memory during the runs of 1,000 streams
 */
record Results(List<String> context, List<StreamRun> streams, List<RestRun> rest, Map<String, Long> startupMs,
		Map<String, Long> idleKb, Map<String, Long> peakKb) {

	Optional<StreamRun> stream(String target, int concurrency) {
		return this.streams.stream()
			.filter(run -> run.target().equals(target) && run.concurrency() == concurrency)
			.findFirst();
	}

	Optional<RestRun> rest(String call, int clients) {
		return this.rest.stream().filter(run -> run.call().equals(call) && run.clients() == clients).findFirst();
	}

}
