package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * NOTIFY in the transaction of the change: PostgreSQL delivers it to every replica's listener only
 * when that transaction commits, so live streams never show a change that rolled back.
 */
@ApplicationScoped
public class NotifyRepository {

  public static final String CHANNEL = "sms_messages";

  /**
   * Ids per notification of {@link #conversationsChanged}: a payload stays far below PostgreSQL's
   * 8000 bytes (a UUID takes 39).
   */
  static final int IDS_PER_NOTIFICATION = 100;

  public Uni<Void> messageChanged(SqlClient db, UUID id, String phone) {
    return db.preparedQuery("SELECT pg_notify($1, $2)")
        .execute(Tuple.of(CHANNEL, payload(id, phone)))
        .replaceWithVoid();
  }

  /** What a listener receives about a changed message. */
  public static String payload(UUID id, String phone) {
    return new JsonObject().put("id", id.toString()).put("phone", phone).encode();
  }

  /**
   * One notification per changed conversation (per {@link #IDS_PER_NOTIFICATION} of its messages)
   * instead of one per message, all in one statement: {@code {"phone": …, "ids": […]}}.
   */
  public Uni<Void> conversationsChanged(SqlClient db, Map<String, List<UUID>> idsByPhone) {
    List<String> payloads = new ArrayList<>();
    idsByPhone.forEach(
        (phone, ids) -> {
          for (int i = 0; i < ids.size(); i += IDS_PER_NOTIFICATION) {
            JsonArray chunk = new JsonArray();
            ids.subList(i, Math.min(ids.size(), i + IDS_PER_NOTIFICATION))
                .forEach(id -> chunk.add(id.toString()));
            payloads.add(new JsonObject().put("phone", phone).put("ids", chunk).encode());
          }
        });
    if (payloads.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return db.preparedQuery("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p")
        .execute(Tuple.tuple().addString(CHANNEL).addArrayOfString(payloads.toArray(String[]::new)))
        .replaceWithVoid();
  }
}
