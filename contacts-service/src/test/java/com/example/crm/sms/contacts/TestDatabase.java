package com.example.crm.sms.contacts;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the service's tables directly, to assert what the consumers wrote. */
public final class TestDatabase {

  private TestDatabase() {}

  public static List<Row> rows(Pool pool, String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    pool.preparedQuery(sql)
        .execute(Tuple.from(java.util.Arrays.asList(params)))
        .await()
        .atMost(Duration.ofSeconds(30))
        .forEach(rows::add);
    return rows;
  }

  public static long count(Pool pool, String sql, Object... params) {
    return rows(pool, sql, params).get(0).getLong(0);
  }
}
