package dev.llmchat.backend.chat;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One message of a chat. An assistant message also records how its answer was produced. */
@Entity
@Table(name = "messages")
public class Message {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "chat_id", nullable = false, updatable = false)
	private Long chatId;

	/** The message before it in its branch; null for a chat's first message. Its versions share it. */
	@Column(name = "parent_id", updatable = false)
	private Long parentId;

	@Column(nullable = false, updatable = false)
	private MessageRole role;

	@Column(nullable = false)
	private String content;

	@Column(nullable = false)
	private MessageStatus status;

	private String model;

	@Column(name = "finish_reason")
	private String finishReason;

	private String error;

	@Column(name = "prompt_tokens")
	private Integer promptTokens;

	@Column(name = "completion_tokens")
	private Integer completionTokens;

	@Column(name = "ttft_ms")
	private Long ttftMs;

	@Column(name = "duration_ms")
	private Long durationMs;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected Message() {
	}

	public Long getId() {
		return this.id;
	}

	public Long getChatId() {
		return this.chatId;
	}

	public Long getParentId() {
		return this.parentId;
	}

	public MessageRole getRole() {
		return this.role;
	}

	public String getContent() {
		return this.content;
	}

	public MessageStatus getStatus() {
		return this.status;
	}

	public String getModel() {
		return this.model;
	}

	public String getFinishReason() {
		return this.finishReason;
	}

	public String getError() {
		return this.error;
	}

	public Integer getPromptTokens() {
		return this.promptTokens;
	}

	public Integer getCompletionTokens() {
		return this.completionTokens;
	}

	public Long getTtftMs() {
		return this.ttftMs;
	}

	public Long getDurationMs() {
		return this.durationMs;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
