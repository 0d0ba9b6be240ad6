package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** The keyset cursor of the inbox: the last row's (last_activity_at, phone), opaque to clients. */
record ConversationCursor(Instant lastActivityAt, String phone) {

  static final String PARAM = "cursor";

  String encode() {
    long micros = lastActivityAt.getEpochSecond() * 1_000_000L + lastActivityAt.getNano() / 1_000;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((micros + ":" + phone).getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor a client sent back; anything this API did not give out is a 400 naming it. */
  static ConversationCursor parse(String value) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.UTF_8)
              .split(":", -1);
      long micros = Long.parseLong(parts[0]);
      if (parts.length != 2
          || micros < 0
          || micros > HistoryCursor.MAX_MICROS
          || !parts[1].matches("\\+[0-9]{1,19}")) {
        throw new IllegalArgumentException("not a cursor");
      }
      return new ConversationCursor(
          Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L), parts[1]);
    } catch (RuntimeException e) {
      throw ProblemException.badRequest(
          PARAM, "Query parameter '" + PARAM + "' is not a cursor this API gave out (nextCursor)");
    }
  }
}
