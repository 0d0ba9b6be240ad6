package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** The keyset cursor of the history API: the last row's (created_at, id), opaque to clients. */
record HistoryCursor(Instant createdAt, UUID id) {

  String encode() {
    long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** The latest instant a cursor may name (9999-12-31): PostgreSQL's range is wider. */
  static final long MAX_MICROS = 253_402_300_799_999_999L;

  static HistoryCursor parse(String value) {
    return parse("before", value);
  }

  /** The cursor in query parameter {@code param}; anything else is a 400 naming it. */
  static HistoryCursor parse(String param, String value) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.UTF_8)
              .split(":", -1);
      long micros = Long.parseLong(parts[0]);
      if (parts.length != 2 || micros < 0 || micros > MAX_MICROS) {
        throw new IllegalArgumentException("out of range");
      }
      return new HistoryCursor(
          Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L),
          UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw ProblemException.badRequest(
          param, "Query parameter '" + param + "' is not a cursor this API gave out (nextCursor)");
    }
  }
}
