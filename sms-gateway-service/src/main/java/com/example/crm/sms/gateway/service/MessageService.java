package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.http.QueryParams;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The history API: one text, and a conversation page by page. */
@ApplicationScoped
public class MessageService {

  private static final int DEFAULT_PAGE = 20;
  private static final int MAX_PAGE = 100;

  private final Pool pool;
  private final MessageRepository messages;
  private final NumberService numbers;
  private final MessageMediaLists media;

  public MessageService(
      Pool pool, MessageRepository messages, NumberService numbers, MessageMediaLists media) {
    this.pool = pool;
    this.messages = messages;
    this.numbers = numbers;
    this.media = media;
  }

  /** One message; {@code id} is the path's text, so a malformed one is a 400 naming it. */
  public Uni<Message> get(String rawId) {
    UUID id = messageId(rawId);
    return messages
        .findById(pool, id)
        .chain(
            m -> {
              if (m == null) {
                throw ProblemException.notFound("No message " + id);
              }
              return media.toMessage(pool, m);
            });
  }

  /** The path's message id; a malformed one is a 400 naming {@code id}. */
  static UUID messageId(String rawId) {
    return PathIds.uuid(rawId, "message");
  }

  /** A conversation, newest first; {@code before} is the previous page's nextCursor. */
  public Uni<ConversationPage> conversation(String phone, String before, String limit) {
    String peer = numbers.e164(phone);
    int size = QueryParams.intInRange("limit", limit, 1, MAX_PAGE, DEFAULT_PAGE);
    HistoryCursor cursor = before == null || before.isBlank() ? null : HistoryCursor.parse(before);
    return messages
        .conversation(
            pool,
            peer,
            cursor == null ? null : cursor.createdAt(),
            cursor == null ? null : cursor.id(),
            size + 1)
        .chain(
            rows -> {
              boolean more = rows.size() > size;
              List<MessageEntity> page = more ? rows.subList(0, size) : rows;
              MessageEntity last = page.isEmpty() ? null : page.get(page.size() - 1);
              String next = more ? new HistoryCursor(last.createdAt, last.id).encode() : null;
              return media.toMessages(pool, page).map(items -> new ConversationPage(items, next));
            });
  }
}
