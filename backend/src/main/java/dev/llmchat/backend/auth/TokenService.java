package dev.llmchat.backend.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;

import org.springframework.stereotype.Service;

/**
 * The one place that signs and checks access tokens: JWT, HS256, {@code sub} = user id, {@code iat}, {@code exp}.
 * A token with another algorithm (including {@code none}), a bad signature or a past expiry is refused.
 */
@Service
public class TokenService {

	private final SecretKey key;

	private final JwtParser parser;

	private final AuthProperties properties;

	private final Clock clock;

	TokenService(SecretKey tokenSigningKey, AuthProperties properties, Clock clock) {
		this.key = tokenSigningKey;
		this.parser = Jwts.parser()
			.verifyWith(this.key)
			.sig()
			.add(Jwts.SIG.HS256)
			.and()
			.clock(() -> Date.from(clock.instant()))
			.build();
		this.properties = properties;
		this.clock = clock;
	}

	public IssuedToken issue(Long userId) {
		return issue(userId, Instant.EPOCH);
	}

	/**
	 * A token for the user, issued no earlier than {@code validFrom}: the user's "log out everywhere" cut-off is the
	 * next whole second, so a sign-in within that second gets the cut-off as its issue time rather than a token that
	 * is refused at once.
	 */
	IssuedToken issue(Long userId, Instant validFrom) {
		Instant now = this.clock.instant();
		if (now.isBefore(validFrom)) {
			now = validFrom;
		}
		Instant expiry = now.plus(this.properties.tokenTtl());
		String token = Jwts.builder()
			.subject(userId.toString())
			.issuedAt(Date.from(now))
			.expiration(Date.from(expiry))
			.signWith(this.key, Jwts.SIG.HS256)
			.compact();
		return new IssuedToken(token, this.properties.tokenTtl().toSeconds());
	}

	/** The token's user and issue time, or empty when the token is not one of ours or has expired. */
	Optional<VerifiedToken> verify(String token) {
		try {
			Claims claims = this.parser.parseSignedClaims(token).getPayload();
			if (claims.getSubject() == null || claims.getIssuedAt() == null || claims.getExpiration() == null) {
				return Optional.empty();
			}
			return Optional.of(new VerifiedToken(Long.valueOf(claims.getSubject()), claims.getIssuedAt().toInstant()));
		}
		catch (JwtException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	public record IssuedToken(String accessToken, long expiresIn) {

		@Override
		public String toString() {
			return "IssuedToken[accessToken=(hidden), expiresIn=" + this.expiresIn + "]";
		}

	}

	record VerifiedToken(Long userId, Instant issuedAt) {
	}

}
