package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The inbox's reads of conversations (ConversationRepository writes them): each with its newest
 * message's direction, preview and status read from that message by its id, its opt-out, and a
 * reader's marker.
 */
@ApplicationScoped
public class InboxRepository {

  /**
   * A conversation as the inbox shows it, its newest message's fields read from that message.
   *
   * @param preview the first 160 characters of the newest message's body
   */
  public record ConversationRow(
      String phone,
      UUID contactId,
      UUID lastMessageId,
      String lastDirection,
      String preview,
      String lastStatus,
      int lastMediaCount,
      Instant lastActivityAt,
      long inboundCount,
      boolean optedOut) {}

  /** A conversation with one reader's marker: null and 0 when they never marked it read. */
  public record ReaderRow(ConversationRow conversation, UUID readUpTo, long readCount) {}

  /** Characters of the newest body the inbox shows. */
  static final int PREVIEW = 160;

  private static final String SELECT =
      "SELECT c.phone, c.contact_id, c.last_message_id, m.direction, left(m.body, "
          + PREVIEW
          + ") AS preview, m.status, c.last_media_count, c.last_activity_at, c.inbound_count,"
          + " coalesce(o.opted_out, false) AS opted_out";

  private static final String FROM =
      " FROM conversations c JOIN sms_messages m ON m.id = c.last_message_id"
          + " LEFT JOIN opt_outs o ON o.phone_e164 = c.phone";

  private static final String READER =
      ", r.read_up_to, coalesce(r.read_count, 0) AS read_count"
          + FROM
          + " LEFT JOIN conversation_reads r ON r.subject = $1 AND r.phone = c.phone";

  /**
   * One page of the inbox as {@code subject} sees it: most recent activity first, strictly after
   * the cursor (last_activity_at, phone) when given; only those with unread texts when asked.
   */
  public Uni<List<ReaderRow>> page(
      SqlClient db,
      String subject,
      Instant afterAt,
      String afterPhone,
      boolean unreadOnly,
      int limit) {
    // One statement per shape, so each has a plan of its own (no "$2 IS NULL OR ...").
    String where =
        (afterAt == null ? " WHERE true" : " WHERE (c.last_activity_at, c.phone) < ($3, $4)")
            // inbound_count > 0 also lets the planner walk the partial index of those with texts.
            + (unreadOnly
                ? " AND c.inbound_count > 0 AND c.inbound_count > coalesce(r.read_count, 0)"
                : "");
    Tuple values = Tuple.tuple().addString(subject).addInteger(limit);
    if (afterAt != null) {
      values.addOffsetDateTime(MessageRepository.odt(afterAt)).addString(afterPhone);
    }
    return db.preparedQuery(
            SELECT + READER + where + " ORDER BY c.last_activity_at DESC, c.phone DESC LIMIT $2")
        .execute(values)
        .map(InboxRepository::readers);
  }

  /** One conversation as {@code subject} sees it, or null when there is none. */
  public Uni<ReaderRow> find(SqlClient db, String subject, String phone) {
    return db.preparedQuery(SELECT + READER + " WHERE c.phone = $2")
        .execute(Tuple.of(subject, phone))
        .map(rs -> readers(rs).stream().findFirst().orElse(null));
  }

  /** These conversations as they are now (those that exist), for the live streams. */
  public Uni<List<ConversationRow>> findAll(SqlClient db, String[] phones) {
    return db.preparedQuery(SELECT + FROM + " WHERE c.phone = ANY($1)")
        .execute(Tuple.tuple().addArrayOfString(phones))
        .map(
            rs -> {
              List<ConversationRow> rows = new ArrayList<>();
              rs.forEach(r -> rows.add(row(r)));
              return rows;
            });
  }

  private static List<ReaderRow> readers(RowSet<Row> rs) {
    List<ReaderRow> rows = new ArrayList<>();
    rs.forEach(
        r -> rows.add(new ReaderRow(row(r), r.getUUID("read_up_to"), r.getLong("read_count"))));
    return rows;
  }

  private static ConversationRow row(Row r) {
    return new ConversationRow(
        r.getString("phone"),
        r.getUUID("contact_id"),
        r.getUUID("last_message_id"),
        r.getString("direction"),
        r.getString("preview"),
        r.getString("status"),
        r.getInteger("last_media_count"),
        r.getOffsetDateTime("last_activity_at").toInstant(),
        r.getLong("inbound_count"),
        r.getBoolean("opted_out"));
  }
}
