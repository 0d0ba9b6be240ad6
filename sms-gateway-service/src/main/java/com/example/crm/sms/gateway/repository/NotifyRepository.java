package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * NOTIFY in the transaction of the change: PostgreSQL delivers it to every replica's listener only
 * when that transaction commits, so live streams never show a change that rolled back.
 */
@ApplicationScoped
public class NotifyRepository {

  public static final String CHANNEL = "sms_messages";

  public Uni<Void> messageChanged(SqlClient db, UUID id, String phone) {
    return db.preparedQuery("SELECT pg_notify($1, $2)")
        .execute(Tuple.of(CHANNEL, payload(id, phone)))
        .replaceWithVoid();
  }

  /** What a listener receives about a changed message. */
  public static String payload(UUID id, String phone) {
    return new JsonObject().put("id", id.toString()).put("phone", phone).encode();
  }
}
