package dev.llmchat.common;

import java.security.Security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostAddressesTests {

	@Test
	void anAddressIsLookedUpAgainAfterSecondsNotTheJvmsHalfMinute() {
		HostAddresses.followAddressChanges();

		assertThat(Security.getProperty(HostAddresses.TTL)).isEqualTo("5");
		assertThat(Security.getProperty(HostAddresses.NEGATIVE_TTL)).isEqualTo("1");
	}

}
