package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A send in one statement, so one round trip and one commit: unless the recipient opted out, take
 * the Idempotency-Key (none: no row), and only when it was free write the message, its outbox
 * event, its conversation and the NOTIFY of the live streams. The statement is its own transaction:
 * all of it or nothing. A concurrent send with the same key waits on the key's unique index until
 * the first one committed or rolled back, as it would in a longer transaction.
 */
@ApplicationScoped
public class SendRepository {

  /**
   * What the statement did.
   *
   * @param optedOut the recipient has opted out: nothing was written
   * @param created the message was written (false with a key another send took first)
   */
  public record Outcome(boolean optedOut, boolean created) {}

  private static final String SQL =
      "WITH opted AS ("
          + " SELECT EXISTS (SELECT 1 FROM opt_outs WHERE phone_e164 = $5::varchar AND opted_out) AS out),"
          + " taken AS ("
          + " INSERT INTO idempotency_keys (idem_key, request_hash, message_id)"
          + " SELECT $22::varchar, $23::varchar, $1::uuid"
          + " WHERE $22::varchar IS NOT NULL AND NOT (SELECT out FROM opted)"
          + " ON CONFLICT (idem_key) DO NOTHING RETURNING 1),"
          + " msg AS ("
          + " INSERT INTO sms_messages ("
          + MessageRepository.INSERT_COLUMNS
          + ") SELECT $1::uuid, $2::varchar, $3::uuid, $4::varchar, $5::varchar, $6::varchar,"
          + " $7::varchar, $8::text, $9::varchar, $10::int, $11::varchar, $12::varchar,"
          + " $13::timestamptz, $14::timestamptz, $15::timestamptz, $16::varchar, $17::varchar,"
          + " $18::int, $19::timestamptz, $20::bool, $21::uuid"
          + " WHERE NOT (SELECT out FROM opted)"
          + " AND ($22::varchar IS NULL OR EXISTS (SELECT 1 FROM taken))"
          + " RETURNING id, peer_number, direction, created_at, contact_id),"
          + " conv AS ("
          + ConversationRepository.addFrom("msg")
          + "),"
          + " event AS ("
          + " INSERT INTO outbox (aggregate_id, topic, record_key, payload)"
          + " SELECT id, $24::varchar, $5::varchar, $25::text::jsonb FROM msg RETURNING 1)"
          + " SELECT (SELECT out FROM opted) AS opted_out,"
          + " (SELECT count(*) FROM event) AS created,"
          + " (SELECT count(*) FROM (SELECT pg_notify($26::text, $27::text) FROM msg) n) AS notified";

  /**
   * @param key the Idempotency-Key, or null for none
   * @param requestHash what the key's request was, to tell a repeat from a different request
   * @param topic the outbox event's topic
   * @param eventJson the outbox event
   * @param channel the NOTIFY channel
   * @param notification the NOTIFY payload
   */
  public Uni<Outcome> queue(
      SqlClient db,
      MessageEntity m,
      String key,
      String requestHash,
      String topic,
      String eventJson,
      String channel,
      String notification) {
    Tuple values =
        MessageRepository.insertValues(m)
            .addString(key)
            .addString(requestHash)
            .addString(topic)
            .addString(eventJson)
            .addString(channel)
            .addString(notification);
    return db.preparedQuery(SQL)
        .execute(values)
        .map(
            rs -> {
              Row r = rs.iterator().next();
              return new Outcome(r.getBoolean("opted_out"), r.getLong("created") == 1);
            });
  }
}
