package dev.llmchat.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FaultIdTests {

	@Test
	void idsAreKebabCaseAndRoundTrip() {
		assertThat(Fault.STALL_BEFORE_FIRST_TOKEN.id()).isEqualTo("stall-before-first-token");
		assertThat(Fault.REFUSE_CONNECTIONS.id()).isEqualTo("refuse-connections");
		for (Fault fault : Fault.values()) {
			assertThat(Fault.fromId(fault.id())).isSameAs(fault);
		}
	}

	@Test
	void anUnknownIdListsTheValidOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Fault.fromId("explode"))
			.withMessageContaining("explode")
			.withMessageContaining("none, refuse-connections, server-error");
	}

}
