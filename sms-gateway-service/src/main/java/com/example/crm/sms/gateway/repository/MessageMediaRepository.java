package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL of message_media: one statement per batch or page, whatever its size. */
@ApplicationScoped
public class MessageMediaRepository {

  /** Inserts the items in one statement; an item already stored (a replayed event) adds nothing. */
  public Uni<Void> insertAll(SqlClient db, List<MediaEntity> items) {
    if (items.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int size = items.size();
    UUID[] ids = new UUID[size];
    Integer[] ns = new Integer[size];
    String[] urls = new String[size];
    String[] types = new String[size];
    for (int i = 0; i < size; i++) {
      MediaEntity m = items.get(i);
      ids[i] = m.messageId();
      ns[i] = m.n();
      urls[i] = m.url();
      types[i] = m.contentType();
    }
    return db.preparedQuery(
            "INSERT INTO message_media (message_id, n, url, content_type)"
                + " SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[])"
                + " ON CONFLICT (message_id, n) DO NOTHING")
        .execute(
            Tuple.tuple()
                .addArrayOfUUID(ids)
                .addArrayOfInteger(ns)
                .addArrayOfString(urls)
                .addArrayOfString(types))
        .replaceWithVoid();
  }

  /** The items of these messages in one query, by message, each list in item order. */
  public Uni<Map<UUID, List<MediaEntity>>> byMessages(SqlClient db, Collection<UUID> messageIds) {
    if (messageIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return db.preparedQuery(
            "SELECT message_id, n, url, content_type FROM message_media"
                + " WHERE message_id = ANY($1) ORDER BY message_id, n")
        .execute(Tuple.tuple().addArrayOfUUID(messageIds.toArray(UUID[]::new)))
        .map(
            rs -> {
              Map<UUID, List<MediaEntity>> byMessage = new HashMap<>();
              rs.forEach(
                  r -> {
                    MediaEntity m = from(r);
                    byMessage.computeIfAbsent(m.messageId(), k -> new ArrayList<>()).add(m);
                  });
              return byMessage;
            });
  }

  /** The n-th item of a message, or null. */
  public Uni<MediaEntity> find(SqlClient db, UUID messageId, int n) {
    return db.preparedQuery(
            "SELECT message_id, n, url, content_type FROM message_media"
                + " WHERE message_id = $1 AND n = $2")
        .execute(Tuple.of(messageId, n))
        .map(rs -> rs.iterator().hasNext() ? from(rs.iterator().next()) : null);
  }

  private static MediaEntity from(Row r) {
    return new MediaEntity(
        r.getUUID("message_id"),
        r.getInteger("n"),
        r.getString("url"),
        r.getString("content_type"));
  }
}
