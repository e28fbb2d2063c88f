package dev.llmchat.backend.cluster;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This backend process among those that share its database. On SQLite it is the only one; on PostgreSQL any number
 * of replicas may run behind a load balancer, and what one of them owns (a running answer) is marked with its id.
 *
 * @param id a name no other process has had: random, chosen at start, lower-case letters and digits
 * @param shared whether other replicas may use the same database at the same time (PostgreSQL)
 */
public record Replica(String id, boolean shared) {

	static Replica start(boolean shared) {
		byte[] random = new byte[6];
		new SecureRandom().nextBytes(random);
		return new Replica(HexFormat.of().formatHex(random), shared);
	}

}
