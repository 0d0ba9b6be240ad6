package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The transactional outbox: rows written with the change they announce. */
@ApplicationScoped
public class OutboxRepository {

  public record OutboxRecord(long id, String topic, String key, String payload) {}

  public Uni<Void> insert(SqlClient db, UUID aggregateId, String topic, String key, String json) {
    return db.preparedQuery(
            "INSERT INTO outbox (aggregate_id, topic, record_key, payload) VALUES ($1,$2,$3,$4)")
        .execute(
            Tuple.tuple()
                .addUUID(aggregateId)
                .addString(topic)
                .addString(key)
                .addValue(new JsonObject(json)))
        .replaceWithVoid();
  }

  /** Rows of one topic in one statement; their ids (so their relay order) follow the lists. */
  public Uni<Void> insertAll(
      SqlClient db, String topic, UUID[] aggregateIds, String[] keys, String[] payloads) {
    return db.preparedQuery(
            "INSERT INTO outbox (aggregate_id, topic, record_key, payload)"
                + " SELECT a, $1, k, p::jsonb FROM unnest($2::uuid[], $3::text[], $4::text[])"
                + " WITH ORDINALITY AS t(a, k, p, n) ORDER BY n")
        .execute(
            Tuple.tuple()
                .addString(topic)
                .addArrayOfUUID(aggregateIds)
                .addArrayOfString(keys)
                .addArrayOfString(payloads))
        .replaceWithVoid();
  }

  /**
   * The oldest unpublished rows, locked for this transaction. The caller holds the relay's advisory
   * lock, so rows go out in the order they were written.
   */
  public Uni<List<OutboxRecord>> lockUnpublished(SqlClient db, int limit) {
    return db.preparedQuery(
            "SELECT id, topic, record_key, payload::text AS payload FROM outbox"
                + " WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED")
        .execute(Tuple.of(limit))
        .map(
            rs -> {
              List<OutboxRecord> list = new ArrayList<>();
              rs.forEach(
                  r ->
                      list.add(
                          new OutboxRecord(
                              r.getLong("id"),
                              r.getString("topic"),
                              r.getString("record_key"),
                              r.getString("payload"))));
              return list;
            });
  }

  public Uni<Void> markPublished(SqlClient db, Long[] ids) {
    return db.preparedQuery("UPDATE outbox SET published_at = now() WHERE id = ANY($1)")
        .execute(Tuple.tuple().addArrayOfLong(ids))
        .replaceWithVoid();
  }

  /** The advisory lock of the relaying replica. */
  public static final long RELAY_LOCK = 7412001;

  /** Only one replica relays at a time, which keeps one message's events in order. */
  public Uni<Boolean> tryRelayLock(SqlClient db) {
    return db.query("SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK + ") AS locked")
        .execute()
        .map(rs -> rs.iterator().next().getBoolean("locked"));
  }
}
