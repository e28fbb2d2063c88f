package dev.llmchat.backend.chat;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MessageRepository extends JpaRepository<Message, Long> {

	/** A chat's messages as the API shows them, read straight into views (no managed entities to track). */
	@Query("""
			select new dev.llmchat.backend.chat.MessageView(m.id, m.chatId, m.role, m.content, m.status, m.model,
			       m.finishReason, m.error, m.promptTokens, m.completionTokens, m.ttftMs, m.durationMs, m.createdAt)
			from Message m where m.chatId = :chatId order by m.id
			""")
	List<MessageView> findViews(Long chatId);

	@Query("select count(m) from Message m where m.chatId = :chatId")
	long countByChatId(Long chatId);

}
