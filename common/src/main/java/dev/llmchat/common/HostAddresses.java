package dev.llmchat.common;

import java.security.Security;
import java.time.Duration;

/**
 * How long the JVM keeps the address it found for a host name. Left alone, it keeps one for 30 seconds (and a failed
 * lookup for 10): a backend or model server that comes back on another address, as a container does when it is
 * restarted or recreated, is then unreachable under its name for that long although it is up. Set in
 * {@code main}, before the first lookup fixes the JVM's policy; a policy set by the operator (the
 * {@code networkaddress.cache.*} security properties or the {@code sun.net.inetaddr.*} system properties) is kept.
 */
public final class HostAddresses {

	static final String TTL = "networkaddress.cache.ttl";

	static final String NEGATIVE_TTL = "networkaddress.cache.negative.ttl";

	/** Long enough to spare lookups under load, short enough that a restarted container is found at once. */
	static final Duration POSITIVE = Duration.ofSeconds(5);

	private static final Duration NEGATIVE = Duration.ofSeconds(1);

	private HostAddresses() {
	}

	/** Looks a host name up again once its address is 5 seconds old, and a failed one after a second. */
	public static void followAddressChanges() {
		if (Security.getProperty(TTL) == null && System.getProperty("sun.net.inetaddr.ttl") == null) {
			Security.setProperty(TTL, Long.toString(POSITIVE.toSeconds()));
		}
		if (System.getProperty("sun.net.inetaddr.negative.ttl") == null) {
			Security.setProperty(NEGATIVE_TTL, Long.toString(NEGATIVE.toSeconds()));
		}
	}

}
