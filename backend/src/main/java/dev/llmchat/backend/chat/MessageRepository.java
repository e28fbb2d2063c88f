package dev.llmchat.backend.chat;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MessageRepository extends JpaRepository<Message, Long> {

	List<Message> findByChatIdOrderByIdAsc(Long chatId);

	@Query("select count(m) from Message m where m.chatId = :chatId")
	long countByChatId(Long chatId);

}
