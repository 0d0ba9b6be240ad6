package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** opt_outs: one row per number that ever opted out or in. */
@ApplicationScoped
public class OptOutRepository {

  public record OptOut(
      String phone, boolean optedOut, String source, Instant updatedAt, String updatedBy) {}

  /**
   * A number opting out ({@code optedOut}) or back in, set by {@link #upsertAll}.
   *
   * @param updatedBy who asked (the number itself for a keyword), or null
   */
  public record Change(String phone, boolean optedOut, String updatedBy) {}

  public Uni<OptOut> find(SqlClient db, String phone) {
    return db.preparedQuery(
            "SELECT phone_e164, opted_out, source, updated_at, updated_by FROM opt_outs"
                + " WHERE phone_e164 = $1")
        .execute(Tuple.of(phone))
        .map(
            rs -> {
              if (!rs.iterator().hasNext()) {
                return null;
              }
              var r = rs.iterator().next();
              return new OptOut(
                  r.getString("phone_e164"),
                  r.getBoolean("opted_out"),
                  r.getString("source"),
                  r.getOffsetDateTime("updated_at").toInstant(),
                  r.getString("updated_by"));
            });
  }

  public Uni<Boolean> isOptedOut(SqlClient db, String phone) {
    return find(db, phone).map(o -> o != null && o.optedOut());
  }

  public Uni<OptOut> upsert(
      SqlClient db, String phone, boolean optedOut, String source, String updatedBy) {
    return db.preparedQuery(
            "INSERT INTO opt_outs (phone_e164, opted_out, source, updated_at, updated_by)"
                + " VALUES ($1,$2,$3,now(),$4) ON CONFLICT (phone_e164) DO UPDATE SET"
                + " opted_out = EXCLUDED.opted_out, source = EXCLUDED.source,"
                + " updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")
        .execute(Tuple.of(phone, optedOut, source, updatedBy))
        .chain(() -> find(db, phone));
  }

  /** Every change in one statement; {@code changes} names each number once. */
  public Uni<Void> upsertAll(SqlClient db, List<Change> changes, String source) {
    return db.preparedQuery(
            "INSERT INTO opt_outs (phone_e164, opted_out, source, updated_at, updated_by)"
                + " SELECT phone, opted_out, $3::text, now(), updated_by"
                + " FROM unnest($1::text[], $2::bool[], $4::text[]) AS c(phone, opted_out, updated_by)"
                + " ON CONFLICT (phone_e164) DO UPDATE SET"
                + " opted_out = EXCLUDED.opted_out, source = EXCLUDED.source,"
                + " updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")
        .execute(
            Tuple.tuple()
                .addArrayOfString(changes.stream().map(Change::phone).toArray(String[]::new))
                .addArrayOfBoolean(changes.stream().map(Change::optedOut).toArray(Boolean[]::new))
                .addString(source)
                .addArrayOfString(changes.stream().map(Change::updatedBy).toArray(String[]::new)))
        .replaceWithVoid();
  }
}
