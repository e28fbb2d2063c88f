package dev.llmchat.backend.chat;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MessageRepository extends JpaRepository<Message, Long> {

	@Query("select count(m) from Message m where m.chatId = :chatId")
	long countByChatId(Long chatId);

	boolean existsByChatIdAndStatus(Long chatId, MessageStatus status);

}
