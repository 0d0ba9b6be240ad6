package com.example.crm.sms.gateway.support;

import static org.awaitility.Awaitility.await;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Counting rows, for assertions the REST API does not expose. */
public final class Db {

  private Db() {}

  public static long count(Pool pool, String sql, Object... params) {
    return pool.preparedQuery(sql)
        .execute(Tuple.from(params))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getLong(0);
  }

  /** Rows of every table the API writes, read in one statement. */
  public record Counts(
      long messages, long outbox, long idempotencyKeys, long optOuts, long slots, long campaigns) {}

  public static Counts counts(Pool pool) {
    Row r =
        pool.query(
                "SELECT (SELECT count(*) FROM sms_messages), (SELECT count(*) FROM outbox),"
                    + " (SELECT count(*) FROM idempotency_keys), (SELECT count(*) FROM opt_outs),"
                    + " (SELECT count(*) FROM rate_slots), (SELECT count(*) FROM campaigns)")
            .execute()
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next();
    return new Counts(
        r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5));
  }

  /** Waits until no background work (consumers of earlier tests' events) changes the counts. */
  public static Counts awaitQuiet(Pool pool) {
    AtomicReference<Counts> last = new AtomicReference<>(counts(pool));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ofMillis(500))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> last.getAndSet(counts(pool)).equals(last.get()));
    return last.get();
  }
}
