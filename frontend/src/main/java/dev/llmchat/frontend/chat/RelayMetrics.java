package dev.llmchat.frontend.chat;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * What an operator scrapes about the answer streams this frontend relays (README, "Metrics"): how many are open now,
 * and how many failed on the backend's side, either before the stream started (the backend could not be reached) or
 * in the middle of it (the backend's stream broke off or fell silent). A browser that leaves is no error.
 */
@Component
class RelayMetrics {

	private final AtomicInteger active = new AtomicInteger();

	private final Counter unreachable;

	private final Counter broken;

	RelayMetrics(MeterRegistry meters) {
		Gauge.builder("llmchat.relay.streams.active", this.active, AtomicInteger::get)
			.description("Answer streams this frontend relays now")
			.register(meters);
		this.unreachable = error(meters, "open");
		this.broken = error(meters, "stream");
	}

	private static Counter error(MeterRegistry meters, String stage) {
		return Counter.builder("llmchat.relay.errors")
			.description("Relayed answer streams that failed: the backend could not be reached (open) or its stream "
					+ "broke off (stream)")
			.tag("stage", stage)
			.register(meters);
	}

	void opened() {
		this.active.incrementAndGet();
	}

	void closed() {
		this.active.decrementAndGet();
	}

	void unreachable() {
		this.unreachable.increment();
	}

	void broken() {
		this.broken.increment();
	}

}
