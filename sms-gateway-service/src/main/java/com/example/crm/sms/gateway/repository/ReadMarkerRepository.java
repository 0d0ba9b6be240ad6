package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * conversation_reads, the read markers: how far each signed-in user (token subject) read each
 * conversation. A marker only moves forward, and each move is announced on {@link #CHANNEL} in its
 * transaction, so every replica's live streams of that user hear of it.
 */
@ApplicationScoped
public class ReadMarkerRepository {

  /** NOTIFY channel of the inbox streams: read markers (and opt-outs, from db/migration V5). */
  public static final String CHANNEL = "sms_conversations";

  /**
   * One user's marker in one conversation.
   *
   * @param readUpTo the newest message read, or null when never marked
   * @param readCount the inbound texts at or before it
   * @param version how often it moved (0: never marked); a higher one is newer
   */
  public record ReadState(
      String subject, String phone, UUID readUpTo, long readCount, long version) {}

  /**
   * What a marking did.
   *
   * @param conversationFound the conversation exists
   * @param messageFound the message is one of the conversation's
   */
  public record Marking(boolean conversationFound, boolean messageFound) {}

  /**
   * Marks {@code phone} read by {@code subject} up to and including message {@code upTo}, unless
   * its marker is at that message or past it already; one statement. The read count is the
   * conversation's inbound count when {@code upTo} is its newest message (the usual case), else the
   * inbound texts at or before it.
   */
  public Uni<Marking> markRead(SqlClient db, String subject, String phone, UUID upTo) {
    return db.preparedQuery(
            "WITH conv AS (SELECT phone, last_message_id, inbound_count FROM conversations"
                + " WHERE phone = $1),"
                + " target AS (SELECT m.id, m.created_at, CASE WHEN m.id = c.last_message_id"
                + " THEN c.inbound_count ELSE (SELECT count(*) FROM sms_messages i"
                + " WHERE i.peer_number = $1 AND i.direction = 'inbound'"
                + " AND (i.created_at, i.id) <= (m.created_at, m.id)) END AS read_count"
                + " FROM conv c JOIN sms_messages m ON m.id = $2 AND m.peer_number = c.phone"
                + MessageRepository.NOT_OF_A_DRAFT
                + "),"
                + " marked AS (INSERT INTO conversation_reads AS r (subject, phone, read_up_to,"
                + " read_up_to_at, read_count) SELECT $3, $1, id, created_at, read_count FROM target"
                + " ON CONFLICT (subject, phone) DO UPDATE SET read_up_to = excluded.read_up_to,"
                + " read_up_to_at = excluded.read_up_to_at,"
                + " read_count = greatest(r.read_count, excluded.read_count),"
                + " version = r.version + 1, updated_at = now()"
                + " WHERE (excluded.read_up_to_at, excluded.read_up_to)"
                + " > (r.read_up_to_at, r.read_up_to)"
                + " RETURNING read_up_to, read_count, version)"
                + " SELECT (SELECT count(*) FROM conv) AS conversations,"
                + " (SELECT count(*) FROM target) AS targets,"
                + " (SELECT count(*) FROM (SELECT pg_notify($4, json_build_object('kind', 'read',"
                + " 'subject', $3::text, 'phone', $1::text, 'readUpTo', read_up_to,"
                + " 'readCount', read_count, 'version', version)::text) FROM marked) n) AS moved")
        .execute(Tuple.of(phone, upTo, subject, CHANNEL))
        .map(
            rs -> {
              Row r = rs.iterator().next();
              return new Marking(r.getLong("conversations") > 0, r.getLong("targets") > 0);
            });
  }

  /**
   * The markers of these subjects in these conversations (every pair of the two), one state per
   * pair with a marker; a pair without one has none (never marked).
   */
  public Uni<List<ReadState>> states(SqlClient db, String[] subjects, String[] phones) {
    return db.preparedQuery(
            "SELECT subject, phone, read_up_to, read_count, version FROM conversation_reads"
                + " WHERE subject = ANY($1) AND phone = ANY($2)")
        .execute(Tuple.tuple().addArrayOfString(subjects).addArrayOfString(phones))
        .map(
            rs -> {
              List<ReadState> states = new ArrayList<>();
              rs.forEach(
                  r ->
                      states.add(
                          new ReadState(
                              r.getString("subject"),
                              r.getString("phone"),
                              r.getUUID("read_up_to"),
                              r.getLong("read_count"),
                              r.getLong("version"))));
              return states;
            });
  }
}
