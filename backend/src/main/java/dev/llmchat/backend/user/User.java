package dev.llmchat.backend.user;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who can log in. Only the BCrypt hash of the password is kept. */
@Entity
@Table(name = "users")
public class User {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true)
	private String email;

	@Column(name = "password_hash", nullable = false)
	private String passwordHash;

	@Column(name = "full_name")
	private String fullName;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	/** Tokens issued before this instant are no longer accepted ("log out everywhere"). */
	@Column(name = "tokens_valid_after", nullable = false)
	private Instant tokensValidAfter;

	protected User() {
	}

	public User(String email, String passwordHash, String fullName, Instant createdAt) {
		this.email = email;
		this.passwordHash = passwordHash;
		this.fullName = fullName;
		this.createdAt = createdAt;
		this.tokensValidAfter = Instant.EPOCH;
	}

	public Long getId() {
		return this.id;
	}

	public String getEmail() {
		return this.email;
	}

	public String getPasswordHash() {
		return this.passwordHash;
	}

	public String getFullName() {
		return this.fullName;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getTokensValidAfter() {
		return this.tokensValidAfter;
	}

	public void revokeTokensIssuedBefore(Instant instant) {
		this.tokensValidAfter = instant;
	}

}
