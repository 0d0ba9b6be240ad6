package com.example.crm.sms.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Rate limits shared by all replicas: each sender, and the account ({@link #ACCOUNT}), has a next
 * free instant in rate_slots. A reservation locks the account row first, then the sender's (one
 * order, so no deadlock), starts the send at the later of the two, and moves each forward from its
 * own next free instant by segments / its rate. Idle time is not saved up as a burst; the account
 * cap holds over any window longer than the dispatcher's lookahead.
 */
@ApplicationScoped
public class RateSlotRepository {

  public static final String ACCOUNT = "*";

  /**
   * Reserves a slot for {@code segments} from {@code sender}; the wait in milliseconds until the
   * send may start, or -1 when that is further than {@code lookahead} (nothing is reserved).
   */
  public Uni<Long> reserve(
      Pool pool,
      String sender,
      int segments,
      double perSenderPerSecond,
      double accountPerSecond,
      Duration lookahead) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "INSERT INTO rate_slots (bucket, next_free_at) VALUES ($1, now()), ($2, now())"
                        + " ON CONFLICT (bucket) DO NOTHING")
                .execute(Tuple.of(ACCOUNT, sender))
                .chain(
                    () ->
                        tx.preparedQuery(
                                "SELECT bucket, extract(epoch FROM greatest(next_free_at, now())"
                                    + " - now()) * 1000 AS wait_ms FROM rate_slots"
                                    + " WHERE bucket = $1 OR bucket = $2"
                                    + " ORDER BY bucket = $1 DESC FOR UPDATE")
                            .execute(Tuple.of(ACCOUNT, sender)))
                .chain(
                    rows -> {
                      double accountWait = 0;
                      double senderWait = 0;
                      for (Row r : rows) {
                        if (ACCOUNT.equals(r.getString("bucket"))) {
                          accountWait = r.getDouble("wait_ms");
                        } else {
                          senderWait = r.getDouble("wait_ms");
                        }
                      }
                      double start = Math.max(accountWait, senderWait);
                      if (start > lookahead.toMillis()) {
                        return Uni.createFrom().item(-1L);
                      }
                      int cost = Math.max(1, segments);
                      // The account's budget is taken from its own next free instant, not from
                      // this sender's: a sender paced into the future must not hold up the others.
                      double senderFree = start + cost * 1000d / perSenderPerSecond;
                      double accountFree = accountWait + cost * 1000d / accountPerSecond;
                      long waitMillis = Math.round(start);
                      return move(tx, sender, senderFree)
                          .chain(() -> move(tx, ACCOUNT, accountFree))
                          .replaceWith(waitMillis);
                    }));
  }

  /** An upsert, so a row {@link #purgeIdle} removed meanwhile is written again, not lost. */
  private static Uni<Void> move(SqlClient tx, String bucket, double millisFromNow) {
    return tx.preparedQuery(
            "INSERT INTO rate_slots (bucket, next_free_at)"
                + " VALUES ($1, now() + make_interval(secs => $2))"
                + " ON CONFLICT (bucket) DO UPDATE SET next_free_at = EXCLUDED.next_free_at")
        .execute(Tuple.of(bucket, millisFromNow / 1000d))
        .replaceWithVoid();
  }

  /**
   * Deletes the slots of senders idle for longer than {@code idle}: such a row means the same as no
   * row (the next reservation starts now), so the table holds only recently used senders. The
   * account's row stays. A concurrent reservation holds the row's lock; the delete then sees its
   * new instant and leaves the row.
   */
  public Uni<Integer> purgeIdle(SqlClient db, Duration idle) {
    return db.preparedQuery(
            "DELETE FROM rate_slots WHERE bucket <> $1"
                + " AND next_free_at < now() - make_interval(secs => $2)")
        .execute(Tuple.of(ACCOUNT, (double) idle.toSeconds()))
        .map(RowSet::rowCount);
  }
}
