package com.example.crm.sms.gateway.repository;

import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** message_status_history: every callback once per (MessageSid, status). */
@ApplicationScoped
public class StatusHistoryRepository {

  /** A stored callback: what the message table needs to apply it. */
  public record StoredStatus(MessageStatus status, Integer errorCode, String errorMessage) {}

  /** Stores the callback unless this SID already has this status; true when it is new. */
  public Uni<Boolean> insertOnce(SqlClient db, MessageStatusReportedEvent e) {
    return db.preparedQuery(
            "INSERT INTO message_status_history (message_sid, status, error_code, error_message,"
                + " raw_dlr_done_date, account_sid, from_number, to_number, event_id, occurred_at)"
                + " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)"
                + " ON CONFLICT (message_sid, status) DO NOTHING")
        .execute(
            Tuple.tuple()
                .addString(e.messageSid())
                .addString(e.status().wireValue())
                .addInteger(e.errorCode())
                .addString(e.errorMessage())
                .addString(e.rawDlrDoneDate())
                .addString(e.accountSid())
                .addString(e.from())
                .addString(e.to())
                .addUUID(e.eventId())
                .addOffsetDateTime(MessageRepository.odt(e.occurredAt())))
        .map(rs -> rs.rowCount() == 1);
  }

  /**
   * Stores every callback unless its SID already has its status, in one statement; the keys ({@link
   * #key}) of those that are new. {@code callbacks} holds each (MessageSid, status) once.
   */
  public Uni<Set<String>> insertAll(SqlClient db, List<MessageStatusReportedEvent> callbacks) {
    int n = callbacks.size();
    String[] sids = new String[n];
    String[] statuses = new String[n];
    Integer[] errorCodes = new Integer[n];
    String[] errorMessages = new String[n];
    String[] dlrDates = new String[n];
    String[] accounts = new String[n];
    String[] froms = new String[n];
    String[] tos = new String[n];
    UUID[] eventIds = new UUID[n];
    OffsetDateTime[] occurred = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      MessageStatusReportedEvent e = callbacks.get(i);
      sids[i] = e.messageSid();
      statuses[i] = e.status().wireValue();
      errorCodes[i] = e.errorCode();
      errorMessages[i] = e.errorMessage();
      dlrDates[i] = e.rawDlrDoneDate();
      accounts[i] = e.accountSid();
      froms[i] = e.from();
      tos[i] = e.to();
      eventIds[i] = e.eventId();
      occurred[i] = MessageRepository.odt(e.occurredAt());
    }
    return db.preparedQuery(
            "INSERT INTO message_status_history (message_sid, status, error_code, error_message,"
                + " raw_dlr_done_date, account_sid, from_number, to_number, event_id, occurred_at)"
                + " SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[],"
                + " $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[],"
                + " $10::timestamptz[])"
                + " ON CONFLICT (message_sid, status) DO NOTHING RETURNING message_sid, status")
        .execute(
            Tuple.tuple()
                .addArrayOfString(sids)
                .addArrayOfString(statuses)
                .addArrayOfInteger(errorCodes)
                .addArrayOfString(errorMessages)
                .addArrayOfString(dlrDates)
                .addArrayOfString(accounts)
                .addArrayOfString(froms)
                .addArrayOfString(tos)
                .addArrayOfUUID(eventIds)
                .addArrayOfOffsetDateTime(occurred))
        .map(
            rs -> {
              Set<String> inserted = new HashSet<>();
              rs.forEach(
                  r -> inserted.add(r.getString("message_sid") + " " + r.getString("status")));
              return inserted;
            });
  }

  /** What {@link #insertAll} tells a callback by: its MessageSid and status. */
  public static String key(MessageStatusReportedEvent e) {
    return e.messageSid() + " " + e.status().wireValue();
  }

  /** Callbacks that arrived for a SID before the dispatcher stored it on its message. */
  public Uni<List<StoredStatus>> forSid(SqlClient db, String sid) {
    return db.preparedQuery(
            "SELECT status, error_code, error_message FROM message_status_history"
                + " WHERE message_sid = $1 ORDER BY id")
        .execute(Tuple.of(sid))
        .map(
            rs -> {
              List<StoredStatus> list = new ArrayList<>();
              rs.forEach(
                  r ->
                      MessageStatus.fromWire(r.getString("status"))
                          .ifPresent(
                              s ->
                                  list.add(
                                      new StoredStatus(
                                          s,
                                          r.getInteger("error_code"),
                                          r.getString("error_message")))));
              return list;
            });
  }
}
