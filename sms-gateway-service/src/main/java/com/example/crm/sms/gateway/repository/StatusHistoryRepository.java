package com.example.crm.sms.gateway.repository;

import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

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
