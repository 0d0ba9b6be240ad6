package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * opt_outs: one row per number that ever opted out or in. Only a manual change keeps a reason;
 * every other change clears it, so the reason is always the last change's.
 */
@ApplicationScoped
public class OptOutRepository {

  /**
   * @param reason why it was last changed by hand; null when the last change was not manual
   */
  public record OptOut(
      String phone,
      boolean optedOut,
      String source,
      Instant updatedAt,
      String updatedBy,
      String reason) {}

  /**
   * A number opting out ({@code optedOut}) or back in, set by {@link #upsertAll}.
   *
   * @param updatedBy who asked (the number itself for a keyword), or null
   */
  public record Change(String phone, boolean optedOut, String updatedBy) {}

  private static final String COLUMNS =
      "phone_e164, opted_out, source, updated_at, updated_by, reason";

  public Uni<OptOut> find(SqlClient db, String phone) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM opt_outs WHERE phone_e164 = $1")
        .execute(Tuple.of(phone))
        .map(rs -> rs.iterator().hasNext() ? toOptOut(rs.iterator().next()) : null);
  }

  /** The number's row, locked until the caller's transaction ends; null when it has none. */
  public Uni<OptOut> lock(SqlClient tx, String phone) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM opt_outs WHERE phone_e164 = $1 FOR UPDATE")
        .execute(Tuple.of(phone))
        .map(rs -> rs.iterator().hasNext() ? toOptOut(rs.iterator().next()) : null);
  }

  public Uni<Boolean> isOptedOut(SqlClient db, String phone) {
    return find(db, phone).map(o -> o != null && o.optedOut());
  }

  /** A change other than by hand (keyword, carrier error): it clears any manual reason. */
  public Uni<OptOut> upsert(
      SqlClient db, String phone, boolean optedOut, String source, String updatedBy) {
    return db.preparedQuery(
            "INSERT INTO opt_outs (phone_e164, opted_out, source, updated_at, updated_by)"
                + " VALUES ($1,$2,$3,now(),$4) ON CONFLICT (phone_e164) DO UPDATE SET"
                + " opted_out = EXCLUDED.opted_out, source = EXCLUDED.source,"
                + " updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by,"
                + " reason = NULL")
        .execute(Tuple.of(phone, optedOut, source, updatedBy))
        .chain(() -> find(db, phone));
  }

  /** A change by hand, with who made it and why; the row exists (the caller locked it). */
  public Uni<OptOut> setManually(
      SqlClient tx, String phone, boolean optedOut, String updatedBy, String reason) {
    return tx.preparedQuery(
            "UPDATE opt_outs SET opted_out = $2, source = 'manual', updated_at = now(),"
                + " updated_by = $3, reason = $4 WHERE phone_e164 = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(phone, optedOut, updatedBy, reason))
        .map(rs -> toOptOut(rs.iterator().next()));
  }

  /** Every change in one statement; {@code changes} names each number once. */
  public Uni<Void> upsertAll(SqlClient db, List<Change> changes, String source) {
    return db.preparedQuery(
            "INSERT INTO opt_outs (phone_e164, opted_out, source, updated_at, updated_by)"
                + " SELECT phone, opted_out, $3::text, now(), updated_by"
                + " FROM unnest($1::text[], $2::bool[], $4::text[]) AS c(phone, opted_out, updated_by)"
                + " ON CONFLICT (phone_e164) DO UPDATE SET"
                + " opted_out = EXCLUDED.opted_out, source = EXCLUDED.source,"
                + " updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by,"
                + " reason = NULL")
        .execute(
            Tuple.tuple()
                .addArrayOfString(changes.stream().map(Change::phone).toArray(String[]::new))
                .addArrayOfBoolean(changes.stream().map(Change::optedOut).toArray(Boolean[]::new))
                .addString(source)
                .addArrayOfString(changes.stream().map(Change::updatedBy).toArray(String[]::new)))
        .replaceWithVoid();
  }

  private static OptOut toOptOut(Row r) {
    return new OptOut(
        r.getString("phone_e164"),
        r.getBoolean("opted_out"),
        r.getString("source"),
        r.getOffsetDateTime("updated_at").toInstant(),
        r.getString("updated_by"),
        r.getString("reason"));
  }
}
