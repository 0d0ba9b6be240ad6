package com.example.crm.sms.common.http;

import com.example.crm.sms.common.problem.ProblemException;

/**
 * Query parameters read as text and checked here, so a bad value is a 400 problem naming the
 * parameter and its allowed range (RESTEasy would answer 404 for a value it cannot convert).
 */
public final class QueryParams {

  private QueryParams() {}

  /**
   * @return {@code fallback} when {@code value} is absent or blank, else the whole number it
   *     spells, which must lie in {@code [min, max]}
   */
  public static int intInRange(String name, String value, int min, int max, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      parsed = Long.MIN_VALUE;
    }
    if (parsed < min || parsed > max) {
      throw ProblemException.badRequest(
          name,
          String.format(
              "Query parameter '%s' must be a whole number from %d to %d, not '%s'",
              name, min, max, abbreviated(value)));
    }
    return (int) parsed;
  }

  /** A value quoted back in a problem, cut so that a huge one does not fill the answer. */
  public static String abbreviated(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}
