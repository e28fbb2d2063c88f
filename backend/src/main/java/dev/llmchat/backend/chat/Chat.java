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

	@Column(name = "top_p")
	private Double topP;

	@Column(name = "max_tokens")
	private Integer maxTokens;

	@Column(name = "title_source", nullable = false)
	private TitleSource titleSource;

	/** The last message of the branch the chat shows; null while it has none. Written by the conversation store. */
	@Column(name = "leaf_message_id", insertable = false, updatable = false)
	private Long leafMessageId;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	/** The last activity: creation, a new message or a change of settings. Orders the chat list. */
	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected Chat() {
	}

	public Chat(Long userId, String title, TitleSource titleSource, String systemPrompt, String model, Instant now) {
		this.userId = userId;
		this.title = title;
		this.titleSource = titleSource;
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

	/** A title the person chose: the model never replaces it. */
	public void name(String title) {
		this.title = title;
		this.titleSource = TitleSource.USER;
	}

	public TitleSource getTitleSource() {
		return this.titleSource;
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

	public Double getTopP() {
		return this.topP;
	}

	public void setTopP(Double topP) {
		this.topP = topP;
	}

	public Integer getMaxTokens() {
		return this.maxTokens;
	}

	public void setMaxTokens(Integer maxTokens) {
		this.maxTokens = maxTokens;
	}

	public Long getLeafMessageId() {
		return this.leafMessageId;
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
