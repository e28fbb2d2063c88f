package dev.llmchat.backend.chat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ChatRepository extends JpaRepository<Chat, Long> {

	Optional<Chat> findByIdAndUserId(Long id, Long userId);

	@Query("select c.id from Chat c where c.userId = :userId")
	List<Long> findIdsByUserId(Long userId);

	/**
	 * A page of a user's chats, most recently active first, with their message counts in the same query. The
	 * cursor is the position of the last chat of the previous page (its activity time and id).
	 */
	@Query("""
			select new dev.llmchat.backend.chat.ChatSummary(c.id, c.title, c.createdAt, c.updatedAt,
			       (select count(m) from Message m where m.chatId = c.id))
			from Chat c
			where c.userId = :userId
			  and (:titleLike is null or lower(c.title) like :titleLike escape '\\')
			  and (:beforeTime is null or c.updatedAt < :beforeTime or (c.updatedAt = :beforeTime and c.id < :beforeId))
			order by c.updatedAt desc, c.id desc
			""")
	List<ChatSummary> findSummaries(Long userId, String titleLike, Instant beforeTime, Long beforeId, Limit limit);

}
