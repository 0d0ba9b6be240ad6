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

  /**
   * Takes a key for {@code id} in the caller's transaction; false when it is taken already (a
   * concurrent taker waits on the unique index until the first commits or rolls back).
   */
  public Uni<Boolean> take(SqlClient db, String key, String requestHash, UUID id) {
    return db.preparedQuery(
            "INSERT INTO idempotency_keys (idem_key, request_hash, message_id) VALUES ($1, $2, $3)"
                + " ON CONFLICT (idem_key) DO NOTHING")
        .execute(Tuple.of(key, requestHash, id))
        .map(rs -> rs.rowCount() == 1);
  }

  public Uni<Integer> purgeOlderThan(SqlClient db, Duration retention) {
    return db.preparedQuery(
            "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) retention.toSeconds()))
        .map(RowSet::rowCount);
  }
}
