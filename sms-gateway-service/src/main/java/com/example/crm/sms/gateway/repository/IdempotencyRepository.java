package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/** idempotency_keys of the send API (a send takes its key in SendRepository's statement). */
@ApplicationScoped
public class IdempotencyRepository {

  public record StoredKey(String requestHash, UUID messageId) {}

  public Uni<StoredKey> find(SqlClient db, String key) {
    return db.preparedQuery(
            "SELECT request_hash, message_id FROM idempotency_keys WHERE idem_key = $1")
        .execute(Tuple.of(key))
        .map(
            rs ->
                rs.iterator().hasNext()
                    ? new StoredKey(
                        rs.iterator().next().getString("request_hash"),
                        rs.iterator().next().getUUID("message_id"))
                    : null);
  }

  public Uni<Integer> purgeOlderThan(SqlClient db, Duration retention) {
    return db.preparedQuery(
            "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) retention.toSeconds()))
        .map(RowSet::rowCount);
  }
}
