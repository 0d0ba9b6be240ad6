package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.http.QueryParams;
import com.example.crm.sms.common.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The {@code sendAt} of a scheduled text or campaign: ISO-8601 with offset, 1 min to 35 days on.
 */
public final class SendTime {

  static final Duration MIN_AHEAD = Duration.ofMinutes(1);
  static final Duration MAX_AHEAD = Duration.ofDays(35);

  private SendTime() {}

  /** The instant, or null for none; 422 naming {@code field} when it is not one we take. */
  public static Instant parse(String field, String value, Instant now) {
    if (value == null) {
      return null;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.unprocessable(
          field,
          "Field '"
              + field
              + "': '"
              + QueryParams.abbreviated(value)
              + "' is not an ISO-8601 time with offset (2026-12-02T09:30:00-05:00)");
    }
    if (at.isBefore(now.plus(MIN_AHEAD))) {
      throw ProblemException.unprocessable(
          field, "Field '" + field + "': " + at + " is not at least one minute ahead");
    }
    if (at.isAfter(now.plus(MAX_AHEAD))) {
      throw ProblemException.unprocessable(
          field, "Field '" + field + "': " + at + " is more than 35 days ahead");
    }
    return at;
  }
}
