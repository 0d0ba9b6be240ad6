package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.http.QueryParams;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.gateway.repository.InboxRepository;
import com.example.crm.sms.gateway.repository.InboxRepository.ConversationRow;
import com.example.crm.sms.gateway.repository.InboxRepository.ReaderRow;
import com.example.crm.sms.gateway.repository.ReadMarkerRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The inbox: conversations newest first, unread per signed-in user, read markers. */
@ApplicationScoped
public class ConversationService {

  static final int DEFAULT_PAGE = 30;
  static final int MAX_PAGE = 100;
  static final String UP_TO = "upTo";

  private final Pool pool;
  private final InboxRepository conversations;
  private final ReadMarkerRepository reads;
  private final NumberService numbers;

  public ConversationService(
      Pool pool, InboxRepository conversations, ReadMarkerRepository reads, NumberService numbers) {
    this.pool = pool;
    this.conversations = conversations;
    this.reads = reads;
    this.numbers = numbers;
  }

  /**
   * One page as {@code subject} sees it; {@code cursor} is the previous page's nextCursor, {@code
   * unread} "true" keeps only conversations with texts the subject has not read.
   */
  public Uni<ConversationList> list(String subject, String cursor, String limit, String unread) {
    int size = limit(limit);
    boolean unreadOnly = flag("unread", unread);
    ConversationCursor after =
        cursor == null || cursor.isBlank() ? null : ConversationCursor.parse(cursor);
    return conversations
        .page(
            pool,
            subject,
            after == null ? null : after.lastActivityAt(),
            after == null ? null : after.phone(),
            unreadOnly,
            size + 1)
        .map(
            rows -> {
              boolean more = rows.size() > size;
              List<ReaderRow> page = more ? rows.subList(0, size) : rows;
              ConversationRow last =
                  page.isEmpty() ? null : page.get(page.size() - 1).conversation();
              return new ConversationList(
                  page.stream().map(ConversationService::view).toList(),
                  more
                      ? new ConversationCursor(last.lastActivityAt(), last.phone()).encode()
                      : null);
            });
  }

  /**
   * Marks the conversation read by {@code subject} up to and including message {@code upTo} (never
   * backwards: an older one changes nothing) and answers the conversation as they see it then.
   */
  public Uni<Conversation> markRead(String subject, String phone, String upTo) {
    String e164 = numbers.e164(phone);
    UUID message = upTo(upTo);
    return reads
        .markRead(pool, subject, e164, message)
        .chain(
            marking -> {
              if (!marking.conversationFound()) {
                throw ProblemException.notFound("No conversation with " + e164);
              }
              if (!marking.messageFound()) {
                throw ProblemException.unprocessable(
                    UP_TO, "Field 'upTo': message " + message + " is not in this conversation");
              }
              return conversations.find(pool, subject, e164);
            })
        .map(ConversationService::view);
  }

  /** The conversation as the reader of {@code row} sees it. */
  static Conversation view(ReaderRow row) {
    return view(row.conversation(), row.readUpTo(), row.readCount());
  }

  static Conversation view(ConversationRow c, UUID readUpTo, long readCount) {
    return new Conversation(
        c.phone(),
        c.contactId(),
        new Conversation.LastMessage(
            c.lastMessageId(),
            c.lastDirection(),
            c.preview(),
            c.lastStatus(),
            c.lastActivityAt(),
            c.lastMediaCount()),
        c.lastActivityAt(),
        c.inboundCount(),
        Math.max(0, c.inboundCount() - readCount),
        readUpTo,
        c.optedOut());
  }

  /** 1..100, default 30; anything else is a 422 naming {@code limit}. */
  static int limit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_PAGE;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1 && n <= MAX_PAGE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // The problem below.
    }
    throw ProblemException.unprocessable(
        "limit",
        String.format(
            "Query parameter 'limit' must be a whole number from 1 to %d, not '%s'",
            MAX_PAGE, QueryParams.abbreviated(value)));
  }

  /** true or false (absent: false); anything else is a 422 naming the parameter. */
  static boolean flag(String name, String value) {
    if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("false")) {
      return false;
    }
    if (value.strip().equalsIgnoreCase("true")) {
      return true;
    }
    throw ProblemException.unprocessable(
        name,
        "Query parameter '"
            + name
            + "' must be true or false, not '"
            + QueryParams.abbreviated(value)
            + "'");
  }

  private static UUID upTo(String value) {
    SafeText.requireSafe(UP_TO, value);
    if (value == null || value.isBlank()) {
      throw ProblemException.unprocessable(UP_TO, "Field 'upTo' (a message id) is required");
    }
    try {
      return UUID.fromString(value.strip());
    } catch (IllegalArgumentException e) {
      throw ProblemException.unprocessable(
          UP_TO,
          "Field 'upTo': '" + QueryParams.abbreviated(value) + "' is not a message id (UUID)");
    }
  }
}
