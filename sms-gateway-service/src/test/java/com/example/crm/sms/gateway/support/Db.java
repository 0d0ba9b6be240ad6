package com.example.crm.sms.gateway.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;

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
}
