package dev.llmchat.backend.generation;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.TestClock;
import dev.llmchat.backend.system.TooManyRequestsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * At most the configured number of generations per user in any minute, on a clock the test moves. Every
 * implementation behaves alike: each one's tests extend these.
 */
abstract class GenerationLimiterTests {

	final TestClock clock = new TestClock(Instant.parse("2026-01-31T10:00:00Z"));

	final GenerationProperties properties = new GenerationProperties("prompt", 64, Duration.ofMillis(500), 32768, 3,
			Duration.ofSeconds(15), Duration.ofSeconds(5), true);

	private GenerationLimiter limiter;

	/** A limiter with no starts counted yet, allowing three a minute; each acquire as the service calls it. */
	abstract GenerationLimiter limiter();

	@BeforeEach
	void newLimiter() {
		this.limiter = limiter();
	}

	@Test
	void theConfiguredNumberPerMinuteIsAllowedAndTheNextIsRefusedWithRetryAfter() {
		this.limiter.acquire(1L);
		this.clock.advance(Duration.ofSeconds(20));
		this.limiter.acquire(1L);
		this.limiter.acquire(1L);
		TooManyRequestsException refused = catchThrowableOfType(TooManyRequestsException.class,
				() -> this.limiter.acquire(1L));
		assertThat(refused).isNotNull();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(40));
		assertThat(refused.getMessage()).contains("3 answers in the last minute", "Wait 40 seconds");
	}

	@Test
	void eachUserHasTheirOwnAllowance() {
		for (int i = 0; i < 3; i++) {
			this.limiter.acquire(1L);
		}
		assertThatCode(() -> this.limiter.acquire(2L)).doesNotThrowAnyException();
	}

	@Test
	void aStartLeavesTheCountOneMinuteLaterAndARefusalIsNotCounted() {
		for (int i = 0; i < 3; i++) {
			this.limiter.acquire(1L);
		}
		this.clock.advance(Duration.ofSeconds(59));
		for (int i = 0; i < 5; i++) {
			catchThrowableOfType(TooManyRequestsException.class, () -> this.limiter.acquire(1L));
		}
		this.clock.advance(Duration.ofSeconds(1));
		for (int i = 0; i < 3; i++) {
			this.limiter.acquire(1L);
		}
		assertThat(catchThrowableOfType(TooManyRequestsException.class, () -> this.limiter.acquire(1L)).retryAfter())
			.isEqualTo(Duration.ofMinutes(1));
	}

}
