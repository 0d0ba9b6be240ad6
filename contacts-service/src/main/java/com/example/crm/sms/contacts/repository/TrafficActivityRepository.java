package com.example.crm.sms.contacts.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Adds the activities of a salvaged SMS event, each once (dedupe key). */
@ApplicationScoped
public class TrafficActivityRepository {

  private static final String INSERT_ACTIVITY =
      """
      INSERT INTO contact_activities (id, contact_id, kind, summary, message_sid, message_id,
                                      status, error_code, error_message, occurred_at, dedupe_key)
      VALUES ($1, $2, $3, $4, $5, $6::uuid, $7, $8::integer, $9, $10::timestamptz, $11)
      ON CONFLICT (dedupe_key) DO NOTHING
      """;

  private final Pool pool;

  public TrafficActivityRepository(Pool pool) {
    this.pool = pool;
  }

  /** Adds activities to a contact, each once (dedupe key); answers how many were new. */
  public Uni<Integer> insertActivities(UUID contactId, List<NewActivity> activities) {
    List<Tuple> batch =
        activities.stream()
            .map(
                a ->
                    Tuple.from(
                        Arrays.asList(
                            UUID.randomUUID(),
                            contactId,
                            a.kind(),
                            a.summary(),
                            a.messageSid(),
                            a.messageId(),
                            a.status(),
                            a.errorCode(),
                            a.errorMessage(),
                            TrafficRows.utc(a.occurredAt()),
                            a.dedupeKey())))
            .toList();
    return pool.preparedQuery(INSERT_ACTIVITY)
        .executeBatch(batch)
        .map(
            rows -> {
              int inserted = 0;
              for (var r = rows; r != null; r = r.next()) {
                inserted += r.rowCount();
              }
              return inserted;
            });
  }
}
