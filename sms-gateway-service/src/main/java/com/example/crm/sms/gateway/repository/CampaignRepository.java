package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL of campaigns and of their texts (rows of sms_messages with a campaign_id): the recipients are
 * written in one set-based statement, deduped by the unique (campaign_id, to_number).
 */
@ApplicationScoped
public class CampaignRepository {

  /** One campaigns row. */
  public record CampaignRow(
      UUID id,
      String name,
      String body,
      String status,
      Instant sendAt,
      String fromNumber,
      String messagingServiceSid,
      String createdBySubject,
      String createdByName,
      Instant createdAt,
      Instant updatedAt) {}

  /** A campaign's texts counted by what a recipient's status means (see {@link #STATE}). */
  public record Counts(
      long total,
      long queued,
      long held,
      long sent,
      long delivered,
      long undelivered,
      long failed,
      long skipped,
      long canceled,
      long estimatedSegments,
      long actualSegments) {}

  /** One recipient as the recipients API shows it. */
  public record RecipientRow(
      String to,
      UUID contactId,
      String state,
      UUID messageId,
      Instant heldUntil,
      Integer errorCode) {}

  /**
   * The recipients API's state of a campaign text: skipped (opted out), canceled, delivered,
   * undelivered, failed, sent (handed to the carrier), held (for quiet hours) or queued.
   */
  static final String STATE =
      "CASE WHEN skipped_opted_out THEN 'skipped'"
          + " WHEN status = 'canceled' THEN 'canceled'"
          + " WHEN status IN ('delivered', 'read') THEN 'delivered'"
          + " WHEN status = 'undelivered' THEN 'undelivered'"
          + " WHEN status = 'failed' THEN 'failed'"
          + " WHEN message_sid IS NOT NULL OR status NOT IN ('queued', 'scheduled') THEN 'sent'"
          + " WHEN held_until IS NOT NULL THEN 'held'"
          + " ELSE 'queued' END";

  private static final String COLUMNS =
      "id, name, body, status, send_at, from_number, messaging_service_sid, created_by_subject,"
          + " created_by_name, created_at, updated_at";

  public Uni<Void> insert(SqlClient db, CampaignRow c) {
    return db.preparedQuery(
            "INSERT INTO campaigns (" + COLUMNS + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)")
        .execute(
            Tuple.tuple()
                .addUUID(c.id())
                .addString(c.name())
                .addString(c.body())
                .addString(c.status())
                .addOffsetDateTime(MessageRepository.odt(c.sendAt()))
                .addString(c.fromNumber())
                .addString(c.messagingServiceSid())
                .addString(c.createdBySubject())
                .addString(c.createdByName())
                .addOffsetDateTime(MessageRepository.odt(c.createdAt()))
                .addOffsetDateTime(MessageRepository.odt(c.updatedAt())))
        .replaceWithVoid();
  }

  /**
   * The campaign's texts, one statement: a number already in the campaign (or twice in this call)
   * is written once; a number opted out is written skipped (canceled, skipped_opted_out). Column
   * arrays of equal length, one entry per recipient. {@code dueAt} null: the campaign is not
   * sending, so its texts are not due (see {@link #release}).
   */
  public Uni<Integer> insertRecipients(
      SqlClient db,
      CampaignRow c,
      UUID[] ids,
      String[] to,
      UUID[] contactIds,
      String[] bodies,
      Integer[] segments,
      String[] encodings,
      Instant dueAt,
      Instant now) {
    return db.preparedQuery(
            "INSERT INTO sms_messages (id, direction, contact_id, peer_number, to_number,"
                + " from_number, messaging_service_sid, body, status, segments, encoding,"
                + " next_attempt_at, created_at, updated_at, sent_by_subject, sent_by_name,"
                + " priority, send_at, quiet_hours, campaign_id, skipped_opted_out, failed_at,"
                + " error_message)"
                + " SELECT r.id, 'outbound', r.contact_id, r.to_number, r.to_number, $7::varchar,"
                + " $8::varchar, r.body,"
                + " CASE WHEN o.phone_e164 IS NULL THEN 'scheduled' ELSE 'canceled' END,"
                + " r.segments, r.encoding, $9::timestamptz, $10::timestamptz, $10::timestamptz,"
                + " $11::varchar, $12::varchar, $13::int, $14::timestamptz, true, $1::uuid,"
                + " o.phone_e164 IS NOT NULL,"
                + " CASE WHEN o.phone_e164 IS NULL THEN NULL ELSE $10::timestamptz END,"
                + " CASE WHEN o.phone_e164 IS NULL THEN NULL"
                + " ELSE 'Skipped: the recipient opted out (skipped_opted_out)' END"
                + " FROM unnest($2::uuid[], $3::varchar[], $4::uuid[], $5::text[], $6::int[],"
                + " $15::varchar[]) WITH ORDINALITY"
                + " AS r(id, to_number, contact_id, body, segments, encoding, n)"
                + " LEFT JOIN opt_outs o ON o.phone_e164 = r.to_number AND o.opted_out"
                + " ORDER BY r.n"
                + " ON CONFLICT (campaign_id, to_number) WHERE campaign_id IS NOT NULL DO NOTHING")
        .execute(
            Tuple.tuple()
                .addUUID(c.id())
                .addArrayOfUUID(ids)
                .addArrayOfString(to)
                .addArrayOfUUID(contactIds)
                .addArrayOfString(bodies)
                .addArrayOfInteger(segments)
                .addString(c.fromNumber())
                .addString(c.messagingServiceSid())
                .addOffsetDateTime(MessageRepository.odt(dueAt))
                .addOffsetDateTime(MessageRepository.odt(now))
                .addString(c.createdBySubject())
                .addString(c.createdByName())
                .addInteger(MessageEntity.PRIORITY_CAMPAIGN)
                .addOffsetDateTime(MessageRepository.odt(c.sendAt()))
                .addArrayOfString(encodings))
        .map(RowSet::rowCount);
  }

  public Uni<CampaignRow> find(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM campaigns WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rs -> rs.iterator().hasNext() ? row(rs.iterator().next()) : null);
  }

  public Uni<CampaignRow> lock(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM campaigns WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .map(rs -> rs.iterator().hasNext() ? row(rs.iterator().next()) : null);
  }

  public Uni<Void> setStatus(SqlClient db, UUID id, String status) {
    return db.preparedQuery("UPDATE campaigns SET status = $2, updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id, status))
        .replaceWithVoid();
  }

  /** What the campaign's texts not yet handed to the carrier are. */
  private static final String PENDING =
      " campaign_id = $1 AND status IN ('queued', 'scheduled') AND message_sid IS NULL"
          + " AND send_started_at IS NULL AND NOT outcome_unknown";

  /** The campaign sends: its pending texts are due from {@code now} (a held one when it opens). */
  public Uni<Integer> release(SqlClient db, UUID id, Instant now) {
    return db.preparedQuery(
            "UPDATE sms_messages SET next_attempt_at = coalesce(held_until, $2) WHERE" + PENDING)
        .execute(Tuple.of(id, MessageRepository.odt(now)))
        .map(RowSet::rowCount);
  }

  /** The campaign does not send (paused, scheduled): its pending texts are not due. */
  public Uni<Integer> park(SqlClient db, UUID id) {
    return db.preparedQuery("UPDATE sms_messages SET next_attempt_at = NULL WHERE" + PENDING)
        .execute(Tuple.of(id))
        .map(RowSet::rowCount);
  }

  /**
   * Cancels the campaign's texts not yet handed to the carrier (a send that started keeps going:
   * its outcome is the carrier's). They were never announced, so no event goes with them.
   */
  public Uni<Integer> cancelPending(SqlClient db, UUID id) {
    return db.preparedQuery(
            "UPDATE sms_messages SET status = 'canceled', failed_at = now(), updated_at = now(),"
                + " claimed_by = NULL, claimed_at = NULL, held_until = NULL,"
                + " error_message = 'Canceled with its campaign' WHERE"
                + PENDING)
        .execute(Tuple.of(id))
        .map(RowSet::rowCount);
  }

  public Uni<Counts> counts(SqlClient db, UUID id) {
    return db.preparedQuery(
            "SELECT count(*) AS total,"
                + " count(*) FILTER (WHERE s = 'queued') AS queued,"
                + " count(*) FILTER (WHERE s = 'held') AS held,"
                + " count(*) FILTER (WHERE s = 'sent') AS sent,"
                + " count(*) FILTER (WHERE s = 'delivered') AS delivered,"
                + " count(*) FILTER (WHERE s = 'undelivered') AS undelivered,"
                + " count(*) FILTER (WHERE s = 'failed') AS failed,"
                + " count(*) FILTER (WHERE s = 'skipped') AS skipped,"
                + " count(*) FILTER (WHERE s = 'canceled') AS canceled,"
                + " coalesce(sum(segments), 0) AS estimated,"
                + " coalesce(sum(segments) FILTER (WHERE message_sid IS NOT NULL), 0) AS actual"
                + " FROM (SELECT "
                + STATE
                + " AS s, segments, message_sid FROM sms_messages WHERE campaign_id = $1) t")
        .execute(Tuple.of(id))
        .map(
            rs -> {
              Row r = rs.iterator().next();
              return new Counts(
                  r.getLong("total"),
                  r.getLong("queued"),
                  r.getLong("held"),
                  r.getLong("sent"),
                  r.getLong("delivered"),
                  r.getLong("undelivered"),
                  r.getLong("failed"),
                  r.getLong("skipped"),
                  r.getLong("canceled"),
                  r.getLong("estimated"),
                  r.getLong("actual"));
            });
  }

  /** Newest first, strictly before the cursor (created_at, id) when given. */
  public Uni<List<CampaignRow>> page(
      SqlClient db, Instant beforeCreated, UUID beforeId, int limit) {
    Uni<RowSet<Row>> rows =
        beforeCreated == null
            ? db.preparedQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM campaigns ORDER BY created_at DESC, id DESC LIMIT $1")
                .execute(Tuple.of(limit))
            : db.preparedQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM campaigns WHERE (created_at, id) < ($1, $2)"
                        + " ORDER BY created_at DESC, id DESC LIMIT $3")
                .execute(Tuple.of(MessageRepository.odt(beforeCreated), beforeId, limit));
    return rows.map(
        rs -> {
          List<CampaignRow> list = new ArrayList<>();
          rs.forEach(r -> list.add(row(r)));
          return list;
        });
  }

  /**
   * Recipients in number order after {@code afterTo} (null: from the first), of one state or all.
   */
  public Uni<List<RecipientRow>> recipients(
      SqlClient db, UUID id, String state, String afterTo, int limit) {
    return db.preparedQuery(
            "SELECT * FROM (SELECT to_number, contact_id, id, held_until, error_code, "
                + STATE
                + " AS s FROM sms_messages WHERE campaign_id = $1"
                + " AND ($3::varchar IS NULL OR to_number > $3)) t"
                + " WHERE ($2::varchar IS NULL OR s = $2) ORDER BY to_number LIMIT $4")
        .execute(Tuple.of(id, state, afterTo, limit))
        .map(
            rs -> {
              List<RecipientRow> list = new ArrayList<>();
              rs.forEach(
                  r -> {
                    String s = r.getString("s");
                    OffsetDateTime held = r.getOffsetDateTime("held_until");
                    list.add(
                        new RecipientRow(
                            r.getString("to_number"),
                            r.getUUID("contact_id"),
                            s,
                            "skipped".equals(s) ? null : r.getUUID("id"),
                            held == null || !"held".equals(s) ? null : held.toInstant(),
                            r.getInteger("error_code")));
                  });
              return list;
            });
  }

  /** Scheduled campaigns whose time came start sending, with their texts due, in one statement. */
  public Uni<Integer> startDue(SqlClient db, Instant now) {
    return db.preparedQuery(
            "WITH started AS (UPDATE campaigns SET status = 'sending', updated_at = now()"
                + " WHERE status = 'scheduled' AND send_at <= $1 RETURNING id)"
                + " UPDATE sms_messages m SET next_attempt_at = coalesce(m.held_until, $1)"
                + " FROM started s WHERE m.campaign_id = s.id"
                + " AND m.status IN ('queued', 'scheduled') AND m.message_sid IS NULL"
                + " AND m.send_started_at IS NULL AND NOT m.outcome_unknown")
        .execute(Tuple.of(MessageRepository.odt(now)))
        .map(RowSet::rowCount);
  }

  /** Sending campaigns with no text left to hand to the carrier are completed. */
  public Uni<Integer> completeFinished(SqlClient db) {
    return db.preparedQuery(
            "UPDATE campaigns c SET status = 'completed', updated_at = now()"
                + " WHERE status = 'sending' AND NOT EXISTS (SELECT 1 FROM sms_messages m"
                + " WHERE m.campaign_id = c.id AND m.status IN ('queued', 'scheduled')"
                + " AND m.message_sid IS NULL AND NOT m.outcome_unknown)")
        .execute()
        .map(RowSet::rowCount);
  }

  private static CampaignRow row(Row r) {
    OffsetDateTime sendAt = r.getOffsetDateTime("send_at");
    return new CampaignRow(
        r.getUUID("id"),
        r.getString("name"),
        r.getString("body"),
        r.getString("status"),
        sendAt == null ? null : sendAt.toInstant(),
        r.getString("from_number"),
        r.getString("messaging_service_sid"),
        r.getString("created_by_subject"),
        r.getString("created_by_name"),
        r.getOffsetDateTime("created_at").toInstant(),
        r.getOffsetDateTime("updated_at").toInstant());
  }
}
