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
   * Inserts a message unless one with its MessageSid is stored already (an inbound text delivered
   * twice); true when inserted. A new outbound message has no SID yet, so it never conflicts.
   */
  public Uni<Boolean> insert(SqlClient db, MessageEntity m) {
    return db.preparedQuery(
            "INSERT INTO sms_messages ("
                + INSERT_COLUMNS
                + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)"
                + " ON CONFLICT (message_sid) DO NOTHING")
        .execute(insertValues(m))
        .map(rs -> rs.rowCount() == 1);
  }

  /** The columns a new message is written with, in the order of {@link #insertValues}. */
  static final String INSERT_COLUMNS =
      "id, direction, contact_id, peer_number, to_number, from_number, messaging_service_sid,"
          + " body, status, segments, encoding, message_sid, next_attempt_at, created_at,"
          + " updated_at, sent_by_subject, sent_by_name";

  /** $1..$17 of an insert: the values of {@link #INSERT_COLUMNS}. */
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
        .addString(m.sentByName);
  }

  /** Writes every mutable column of the message back. */
  public Uni<Void> update(SqlClient db, MessageEntity m) {
    return db.preparedQuery(
            "UPDATE sms_messages SET status=$2, message_sid=$3, error_code=$4, error_message=$5,"
                + " attempts=$6, next_attempt_at=$7, claimed_by=$8, claimed_at=$9,"
                + " send_started_at=$10, outcome_unknown=$11, outcome_unknown_at=$12,"
                + " updated_at=$13, sent_at=$14, delivered_at=$15, failed_at=$16 WHERE id=$1")
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
                .addOffsetDateTime(odt(m.failedAt)))
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
                  SELECT + "WHERE peer_number = $1 ORDER BY created_at DESC, id DESC LIMIT $2")
              .execute(Tuple.of(peer, limit)));
    }
    return many(
        db.preparedQuery(
                SELECT
                    + "WHERE peer_number = $1 AND (created_at, id) < ($2, $3)"
                    + " ORDER BY created_at DESC, id DESC LIMIT $4")
            .execute(Tuple.of(peer, odt(beforeCreated), beforeId, limit)));
  }

  /**
   * Claims up to {@code limit} due outbound texts for this replica, oldest first, skipping rows
   * another replica holds and senders (or the whole account) with no rate-limit slot within the
   * lookahead, so a busy sender does not starve the others.
   */
  public Uni<List<MessageEntity>> claimDue(
      SqlClient db, UUID replica, int limit, Duration lookahead) {
    return many(db.preparedQuery(
                "UPDATE sms_messages SET claimed_by = $1, claimed_at = now() WHERE id IN ("
                    + " SELECT id FROM sms_messages WHERE direction = 'outbound'"
                    + " AND status = 'queued' AND message_sid IS NULL AND NOT outcome_unknown"
                    + " AND claimed_at IS NULL"
                    + " AND (next_attempt_at IS NULL OR next_attempt_at <= now())"
                    + " AND NOT EXISTS (SELECT 1 FROM rate_slots r"
                    + " WHERE r.next_free_at > now() + make_interval(secs => $3)"
                    + " AND r.bucket IN ('*', coalesce(from_number,"
                    + " 'ms:' || coalesce(messaging_service_sid, ''))))"
                    + " ORDER BY next_attempt_at, created_at LIMIT $2 FOR UPDATE SKIP LOCKED)"
                    + " RETURNING "
                    + MessageEntity.COLUMNS)
            .execute(
                Tuple.tuple()
                    .addUUID(replica)
                    .addInteger(limit)
                    .addDouble(lookahead.toMillis() / 1000d)))
        .map(
            list -> {
              list.sort(Comparator.comparing(m -> m.createdAt));
              return list;
            });
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
   * Records that this replica is about to call the carrier; false when the claim was lost (so the
   * text is not sent). After this, a crash leaves the outcome unknown rather than re-sending.
   */
  public Uni<Boolean> markSendStarted(SqlClient db, UUID id, UUID replica) {
    return db.preparedQuery(
            "UPDATE sms_messages SET send_started_at = now(), attempts = attempts + 1"
                + " WHERE id = $1 AND claimed_by = $2 AND message_sid IS NULL"
                + " AND status = 'queued'")
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
