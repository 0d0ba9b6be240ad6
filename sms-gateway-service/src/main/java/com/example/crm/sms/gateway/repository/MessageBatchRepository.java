package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Set-based SQL of sms_messages for the consumers: one statement per batch, whatever its size. */
@ApplicationScoped
public class MessageBatchRepository {

  /** The messages carrying these SIDs, locked for the transaction (in id order), by SID. */
  public Uni<Map<String, MessageEntity>> lockBySids(SqlClient db, Collection<String> sids) {
    return db.preparedQuery(
            "SELECT "
                + MessageEntity.COLUMNS
                + " FROM sms_messages WHERE message_sid = ANY($1) ORDER BY id FOR UPDATE")
        .execute(Tuple.tuple().addArrayOfString(sids.toArray(String[]::new)))
        .map(
            rs -> {
              Map<String, MessageEntity> bySid = new HashMap<>();
              rs.forEach(
                  r -> {
                    MessageEntity m = MessageEntity.from(r);
                    bySid.put(m.messageSid, m);
                  });
              return bySid;
            });
  }

  /** Writes back what a status changes (StatusTransitions) of each message, in one statement. */
  public Uni<Void> updateStatuses(SqlClient db, List<MessageEntity> changed) {
    int n = changed.size();
    UUID[] ids = new UUID[n];
    String[] statuses = new String[n];
    Integer[] errorCodes = new Integer[n];
    String[] errorMessages = new String[n];
    Boolean[] unknown = new Boolean[n];
    OffsetDateTime[] updated = new OffsetDateTime[n];
    OffsetDateTime[] sent = new OffsetDateTime[n];
    OffsetDateTime[] delivered = new OffsetDateTime[n];
    OffsetDateTime[] failed = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      MessageEntity m = changed.get(i);
      ids[i] = m.id;
      statuses[i] = m.status.wireValue();
      errorCodes[i] = m.errorCode;
      errorMessages[i] = m.errorMessage;
      unknown[i] = m.outcomeUnknown;
      updated[i] = MessageRepository.odt(m.updatedAt);
      sent[i] = MessageRepository.odt(m.sentAt);
      delivered[i] = MessageRepository.odt(m.deliveredAt);
      failed[i] = MessageRepository.odt(m.failedAt);
    }
    return db.preparedQuery(
            "UPDATE sms_messages m SET status = u.status, error_code = u.error_code,"
                + " error_message = u.error_message, outcome_unknown = u.outcome_unknown,"
                + " updated_at = u.updated_at, sent_at = u.sent_at, delivered_at = u.delivered_at,"
                + " failed_at = u.failed_at"
                + " FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::bool[],"
                + " $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])"
                + " AS u(id, status, error_code, error_message, outcome_unknown, updated_at,"
                + " sent_at, delivered_at, failed_at)"
                + " WHERE m.id = u.id")
        .execute(
            Tuple.tuple()
                .addArrayOfUUID(ids)
                .addArrayOfString(statuses)
                .addArrayOfInteger(errorCodes)
                .addArrayOfString(errorMessages)
                .addArrayOfBoolean(unknown)
                .addArrayOfOffsetDateTime(updated)
                .addArrayOfOffsetDateTime(sent)
                .addArrayOfOffsetDateTime(delivered)
                .addArrayOfOffsetDateTime(failed))
        .replaceWithVoid();
  }

  /**
   * Inserts inbound texts unless their MessageSid is stored already, in one statement; the ids of
   * those inserted. {@code texts} holds each MessageSid once.
   */
  public Uni<Set<UUID>> insertInbound(SqlClient db, List<MessageEntity> texts) {
    int n = texts.size();
    UUID[] ids = new UUID[n];
    String[] peers = new String[n];
    String[] tos = new String[n];
    String[] froms = new String[n];
    String[] services = new String[n];
    String[] bodies = new String[n];
    String[] statuses = new String[n];
    Integer[] segments = new Integer[n];
    String[] encodings = new String[n];
    String[] sids = new String[n];
    OffsetDateTime[] created = new OffsetDateTime[n];
    OffsetDateTime[] updated = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      MessageEntity m = texts.get(i);
      ids[i] = m.id;
      peers[i] = m.peerNumber;
      tos[i] = m.toNumber;
      froms[i] = m.fromNumber;
      services[i] = m.messagingServiceSid;
      bodies[i] = m.body;
      statuses[i] = m.status.wireValue();
      segments[i] = m.segments;
      encodings[i] = m.encoding;
      sids[i] = m.messageSid;
      created[i] = MessageRepository.odt(m.createdAt);
      updated[i] = MessageRepository.odt(m.updatedAt);
    }
    return db.preparedQuery(
            "INSERT INTO sms_messages (id, direction, peer_number, to_number, from_number,"
                + " messaging_service_sid, body, status, segments, encoding, message_sid,"
                + " created_at, updated_at)"
                + " SELECT id, '"
                + MessageEntity.INBOUND
                + "', peer, to_number, from_number, service, body, status, segments, encoding,"
                + " sid, created, updated FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[],"
                + " $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[],"
                + " $11::timestamptz[], $12::timestamptz[])"
                + " AS t(id, peer, to_number, from_number, service, body, status, segments,"
                + " encoding, sid,"
                + " created, updated)"
                + " ON CONFLICT (message_sid) DO NOTHING RETURNING id")
        .execute(
            Tuple.tuple()
                .addArrayOfUUID(ids)
                .addArrayOfString(peers)
                .addArrayOfString(tos)
                .addArrayOfString(froms)
                .addArrayOfString(services)
                .addArrayOfString(bodies)
                .addArrayOfString(statuses)
                .addArrayOfInteger(segments)
                .addArrayOfString(encodings)
                .addArrayOfString(sids)
                .addArrayOfOffsetDateTime(created)
                .addArrayOfOffsetDateTime(updated))
        .map(
            rs -> {
              Set<UUID> inserted = new HashSet<>();
              rs.forEach(r -> inserted.add(r.getUUID("id")));
              return inserted;
            });
  }
}
