package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** SQL of sms_messages. Claims use SKIP LOCKED so several replicas never send one text twice. */
@ApplicationScoped
public class MessageRepository {

  private static final String SELECT = "SELECT " + MessageEntity.COLUMNS + " FROM sms_messages ";

  /**
   * A draft campaign's texts are in no conversation yet: nobody has decided to send them, so the
   * recipient's history does not show them until the campaign starts.
   */
  static final String NOT_OF_A_DRAFT =
      " AND (campaign_id IS NULL OR NOT EXISTS (SELECT 1 FROM campaigns c"
          + " WHERE c.id = campaign_id AND c.status = 'draft'))";

  /**
   * Inserts a message unless one with its MessageSid is stored already (an inbound text delivered
   * twice); true when inserted. A new outbound message has no SID yet, so it never conflicts.
   */
  public Uni<Boolean> insert(SqlClient db, MessageEntity m) {
    return db.preparedQuery(
            "INSERT INTO sms_messages ("
                + INSERT_COLUMNS
                + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)"
                + " ON CONFLICT (message_sid) DO NOTHING")
        .execute(insertValues(m))
        .map(rs -> rs.rowCount() == 1);
  }

  /** The columns a new message is written with, in the order of {@link #insertValues}. */
  static final String INSERT_COLUMNS =
      "id, direction, contact_id, peer_number, to_number, from_number, messaging_service_sid,"
          + " body, status, segments, encoding, message_sid, next_attempt_at, created_at,"
          + " updated_at, sent_by_subject, sent_by_name, priority, send_at, quiet_hours,"
          + " campaign_id";

  /** $1..$21 of an insert: the values of {@link #INSERT_COLUMNS}. */
  static Tuple insertValues(MessageEntity m) {
    return Tuple.tuple()
        .addUUID(m.id)
        .addString(m.direction)
        .addUUID(m.contactId)
        .addString(m.peerNumber)
        .addString(m.toNumber)
        .addString(m.fromNumber)
        .addString(m.messagingServiceSid)
        .addString(m.body)
        .addString(m.status.wireValue())
        .addInteger(m.segments)
        .addString(m.encoding)
        .addString(m.messageSid)
        .addOffsetDateTime(odt(m.nextAttemptAt))
        .addOffsetDateTime(odt(m.createdAt))
        .addOffsetDateTime(odt(m.updatedAt))
        .addString(m.sentBySubject)
        .addString(m.sentByName)
        .addInteger(m.priority)
        .addOffsetDateTime(odt(m.sendAt))
        .addBoolean(m.quietHours)
        .addUUID(m.campaignId);
  }

  /** Writes every mutable column of the message back. */
  public Uni<Void> update(SqlClient db, MessageEntity m) {
    return db.preparedQuery(
            "UPDATE sms_messages SET status=$2, message_sid=$3, error_code=$4, error_message=$5,"
                + " attempts=$6, next_attempt_at=$7, claimed_by=$8, claimed_at=$9,"
                + " send_started_at=$10, outcome_unknown=$11, outcome_unknown_at=$12,"
                + " updated_at=$13, sent_at=$14, delivered_at=$15, failed_at=$16,"
                + " held_until=$17, skipped_opted_out=$18 WHERE id=$1")
        .execute(
            Tuple.tuple()
                .addUUID(m.id)
                .addString(m.status.wireValue())
                .addString(m.messageSid)
                .addInteger(m.errorCode)
                .addString(m.errorMessage)
                .addInteger(m.attempts)
                .addOffsetDateTime(odt(m.nextAttemptAt))
                .addUUID(m.claimedBy)
                .addOffsetDateTime(odt(m.claimedAt))
                .addOffsetDateTime(odt(m.sendStartedAt))
                .addBoolean(m.outcomeUnknown)
                .addOffsetDateTime(odt(m.outcomeUnknownAt))
                .addOffsetDateTime(odt(m.updatedAt))
                .addOffsetDateTime(odt(m.sentAt))
                .addOffsetDateTime(odt(m.deliveredAt))
                .addOffsetDateTime(odt(m.failedAt))
                .addOffsetDateTime(odt(m.heldUntil))
                .addBoolean(m.skippedOptedOut))
        .replaceWithVoid();
  }

  public Uni<MessageEntity> findById(SqlClient db, UUID id) {
    return one(db.preparedQuery(SELECT + "WHERE id = $1").execute(Tuple.of(id)));
  }

  public Uni<MessageEntity> lockById(SqlClient db, UUID id) {
    return one(db.preparedQuery(SELECT + "WHERE id = $1 FOR UPDATE").execute(Tuple.of(id)));
  }

  public Uni<MessageEntity> lockBySid(SqlClient db, String sid) {
    return one(
        db.preparedQuery(SELECT + "WHERE message_sid = $1 FOR UPDATE").execute(Tuple.of(sid)));
  }

  /** Which of these MessageSids messages of ours carry. */
  public Uni<Set<String>> knownSids(SqlClient db, String[] sids) {
    if (sids.length == 0) {
      return Uni.createFrom().item(Set.of());
    }
    return db.preparedQuery("SELECT message_sid FROM sms_messages WHERE message_sid = ANY($1)")
        .execute(Tuple.tuple().addArrayOfString(sids))
        .map(
            rs -> {
              Set<String> known = new HashSet<>();
              rs.forEach(r -> known.add(r.getString("message_sid")));
              return known;
            });
  }

  /** Whether a message carries this MessageSid. */
  public Uni<Boolean> existsBySid(SqlClient db, String sid) {
    return db.preparedQuery("SELECT 1 FROM sms_messages WHERE message_sid = $1")
        .execute(Tuple.of(sid))
        .map(rs -> rs.iterator().hasNext());
  }

  /** A conversation, newest first, strictly before the cursor (created_at, id) when given. */
  public Uni<List<MessageEntity>> conversation(
      SqlClient db, String peer, Instant beforeCreated, UUID beforeId, int limit) {
    if (beforeCreated == null) {
      return many(
          db.preparedQuery(
                  SELECT
                      + "WHERE peer_number = $1"
                      + NOT_OF_A_DRAFT
                      + " ORDER BY created_at DESC, id DESC LIMIT $2")
              .execute(Tuple.of(peer, limit)));
    }
    return many(
        db.preparedQuery(
                SELECT
                    + "WHERE peer_number = $1 AND (created_at, id) < ($2, $3)"
                    + NOT_OF_A_DRAFT
                    + " ORDER BY created_at DESC, id DESC LIMIT $4")
            .execute(Tuple.of(peer, odt(beforeCreated), beforeId, limit)));
  }

  /**
   * Claims up to {@code limit} due outbound texts for this replica: queued ones, and scheduled (or
   * held) ones whose time came by {@code now} (the dispatcher's clock), one-to-one texts before
   * campaign texts, then oldest first; campaign texts only while their campaign is sending. Skips
   * rows another replica holds and senders (or the whole account) with no rate-limit slot within
   * the lookahead, so a busy sender does not starve the others. A claimed text is queued. A text
   * without next_attempt_at (of a campaign that is not sending) is never due.
   */
  public Uni<List<MessageEntity>> claimDue(
      SqlClient db, UUID replica, int limit, Duration lookahead, Instant now) {
    return many(db.preparedQuery(
                "UPDATE sms_messages SET claimed_by = $1, claimed_at = now(), status = 'queued'"
                    + " WHERE id IN ("
                    + " SELECT id FROM sms_messages WHERE direction = 'outbound'"
                    + " AND status IN ('queued', 'scheduled') AND message_sid IS NULL"
                    + " AND NOT outcome_unknown AND claimed_at IS NULL"
                    + " AND next_attempt_at IS NOT NULL AND next_attempt_at <= $4"
                    + " AND (campaign_id IS NULL OR EXISTS (SELECT 1 FROM campaigns c"
                    + " WHERE c.id = campaign_id AND c.status = 'sending'))"
                    + " AND NOT EXISTS (SELECT 1 FROM rate_slots r"
                    + " WHERE r.next_free_at > now() + make_interval(secs => $3)"
                    + " AND r.bucket IN ('*', coalesce(from_number,"
                    + " 'ms:' || coalesce(messaging_service_sid, ''))))"
                    + " ORDER BY priority, next_attempt_at, created_at LIMIT $2"
                    + " FOR UPDATE SKIP LOCKED)"
                    + " RETURNING "
                    + MessageEntity.COLUMNS)
            .execute(
                Tuple.tuple()
                    .addUUID(replica)
                    .addInteger(limit)
                    .addDouble(lookahead.toMillis() / 1000d)
                    .addOffsetDateTime(odt(now))))
        .map(
            list -> {
              list.sort(
                  Comparator.<MessageEntity>comparingInt(m -> m.priority)
                      .thenComparing(m -> m.createdAt));
              return list;
            });
  }

  /**
   * Holds claimed texts for quiet hours: each goes back to 'scheduled' until its instant, with the
   * claim given back (only while this replica holds it and has not started the send).
   */
  public Uni<Integer> hold(SqlClient db, UUID replica, UUID[] ids, OffsetDateTime[] until) {
    return db.preparedQuery(
            "UPDATE sms_messages m SET status = 'scheduled', held_until = h.until,"
                + " next_attempt_at = h.until, claimed_by = NULL, claimed_at = NULL,"
                + " updated_at = now()"
                + " FROM unnest($1::uuid[], $2::timestamptz[]) AS h(id, until)"
                + " WHERE m.id = h.id AND m.claimed_by = $3 AND m.send_started_at IS NULL")
        .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfOffsetDateTime(until).addUUID(replica))
        .map(RowSet::rowCount);
  }

  /** Gives claimed texts whose send never started back to the queue. */
  public Uni<Integer> release(SqlClient db, UUID replica, UUID[] ids) {
    return db.preparedQuery(
            "UPDATE sms_messages SET claimed_by = NULL, claimed_at = NULL"
                + " WHERE id = ANY($1) AND claimed_by = $2 AND send_started_at IS NULL")
        .execute(Tuple.tuple().addArrayOfUUID(ids).addUUID(replica))
        .map(RowSet::rowCount);
  }

  /**
   * Records that this replica is about to call the carrier; false when the claim was lost, the text
   * was canceled or its campaign paused or canceled meanwhile (so the text is not sent). After
   * this, a crash leaves the outcome unknown rather than re-sending.
   */
  public Uni<Boolean> markSendStarted(SqlClient db, UUID id, UUID replica) {
    return db.preparedQuery(
            "UPDATE sms_messages SET send_started_at = now(), attempts = attempts + 1,"
                + " held_until = NULL WHERE id = $1 AND claimed_by = $2 AND message_sid IS NULL"
                + " AND status = 'queued' AND (campaign_id IS NULL OR EXISTS (SELECT 1"
                + " FROM campaigns c WHERE c.id = campaign_id AND c.status = 'sending'))")
        .execute(Tuple.of(id, replica))
        .map(rs -> rs.rowCount() == 1);
  }

  /** Claims older than the lease that never started sending: safe to queue again. */
  public Uni<Integer> releaseStaleClaims(SqlClient db, Duration lease) {
    return db.preparedQuery(
            "UPDATE sms_messages SET claimed_by = NULL, claimed_at = NULL"
                + " WHERE claimed_at < now() - make_interval(secs => $1)"
                + " AND send_started_at IS NULL AND message_sid IS NULL AND status = 'queued'")
        .execute(Tuple.of((double) lease.toMillis() / 1000d))
        .map(RowSet::rowCount);
  }

  /** Sends that started longer than the lease ago and never came back (the replica died). */
  public Uni<List<MessageEntity>> lockAbandonedSends(SqlClient db, Duration lease, int limit) {
    return many(
        db.preparedQuery(
                SELECT
                    + "WHERE send_started_at < now() - make_interval(secs => $1)"
                    + " AND message_sid IS NULL AND status = 'queued' AND NOT outcome_unknown"
                    + " LIMIT $2 FOR UPDATE SKIP LOCKED")
            .execute(Tuple.of((double) lease.toMillis() / 1000d, limit)));
  }

  /**
   * Unknown outcomes older than the grace period, to reconcile; read without locks (the carrier is
   * asked outside any transaction, and each result is applied to a freshly locked row).
   */
  public Uni<List<MessageEntity>> findUnknownOutcomes(SqlClient db, Duration grace, int limit) {
    return many(
        db.preparedQuery(
                SELECT
                    + "WHERE outcome_unknown AND status = 'unknown'"
                    + " AND outcome_unknown_at < now() - make_interval(secs => $1)"
                    + " ORDER BY outcome_unknown_at LIMIT $2")
            .execute(Tuple.of((double) grace.toMillis() / 1000d, limit)));
  }

  /**
   * SIDs of outbound texts in 'sent' since longer than {@code after} that the carrier was not asked
   * about since their last change, marked as asked now (one statement, so its row locks end with
   * it): each is fetched once per status, and by one replica.
   */
  public Uni<List<String>> leaseStuckSent(SqlClient db, Duration after, int limit) {
    return db.preparedQuery(
            "UPDATE sms_messages SET status_checked_at = now() WHERE id IN ("
                + " SELECT id FROM sms_messages WHERE status = 'sent' AND direction = 'outbound'"
                + " AND message_sid IS NOT NULL"
                + " AND updated_at < now() - make_interval(secs => $1)"
                + " AND (status_checked_at IS NULL OR status_checked_at < updated_at)"
                + " ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)"
                + " RETURNING message_sid")
        .execute(Tuple.of((double) after.toMillis() / 1000d, limit))
        .map(
            rs -> {
              List<String> sids = new ArrayList<>();
              rs.forEach(r -> sids.add(r.getString("message_sid")));
              return sids;
            });
  }

  private static Uni<MessageEntity> one(Uni<RowSet<Row>> rows) {
    return rows.map(
        rs -> rs.iterator().hasNext() ? MessageEntity.from(rs.iterator().next()) : null);
  }

  private static Uni<List<MessageEntity>> many(Uni<RowSet<Row>> rows) {
    return rows.map(
        rs -> {
          List<MessageEntity> list = new ArrayList<>();
          rs.forEach(r -> list.add(MessageEntity.from(r)));
          return list;
        });
  }

  static OffsetDateTime odt(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
