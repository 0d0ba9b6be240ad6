package com.example.crm.sms.contacts.repository;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The parameters and answers of the SMS traffic statements. */
final class TrafficRows {

  private TrafficRows() {}

  /** The one row (id, created, activities) a statement answers; null when it matched none. */
  static Applied applied(RowSet<Row> rows) {
    RowIterator<Row> it = rows.iterator();
    if (!it.hasNext()) {
      return null;
    }
    Row row = it.next();
    return new Applied(row.getUUID("id"), row.getBoolean("created"), row.getLong("activities"));
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
