package dev.llmchat.simulator;

import java.time.Duration;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import reactor.core.publisher.Mono;

/**
 * One write of a stream and how long to wait before it. The frame is built only when it is due, so a stream the
 * client abandons allocates nothing more.
 */
record StreamStep(Duration delay, Function<ByteBufAllocator, ByteBuf> frame) {

	Mono<ByteBuf> emit(ByteBufAllocator alloc) {
		Mono<ByteBuf> write = Mono.fromSupplier(() -> this.frame.apply(alloc));
		return this.delay.isZero() ? write : Mono.delay(this.delay).then(write);
	}

}
