package dev.llmchat.backend.chat;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A conversation of one user, with the settings its answers are generated with. */
@Entity
@Table(name = "chats")
public class Chat {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "user_id", nullable = false, updatable = false)
	private Long userId;

	@Column(nullable = false)
	private String title;

	@Column(name = "system_prompt")
	private String systemPrompt;

	private String model;

	private Double temperature;

	@Column(name = "max_tokens")
	private Integer maxTokens;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	/** The last activity: creation, a new message or a change of settings. Orders the chat list. */
	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected Chat() {
	}

	public Chat(Long userId, String title, String systemPrompt, String model, Instant now) {
		this.userId = userId;
		this.title = title;
		this.systemPrompt = systemPrompt;
		this.model = model;
		this.createdAt = now;
		this.updatedAt = now;
	}

	public Long getId() {
		return this.id;
	}

	public Long getUserId() {
		return this.userId;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public String getSystemPrompt() {
		return this.systemPrompt;
	}

	public void setSystemPrompt(String systemPrompt) {
		this.systemPrompt = systemPrompt;
	}

	public String getModel() {
		return this.model;
	}

	public void setModel(String model) {
		this.model = model;
	}

	public Double getTemperature() {
		return this.temperature;
	}

	public void setTemperature(Double temperature) {
		this.temperature = temperature;
	}

	public Integer getMaxTokens() {
		return this.maxTokens;
	}

	public void setMaxTokens(Integer maxTokens) {
		this.maxTokens = maxTokens;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public void touch(Instant now) {
		this.updatedAt = now;
	}

}
