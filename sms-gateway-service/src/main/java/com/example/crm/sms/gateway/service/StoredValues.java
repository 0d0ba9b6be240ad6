package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.text.SafeText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Values of one event made storable: text cleaned by the one rule (SafeText: C0 controls out, lone
 * surrogates to U+FFFD) and, where a column is bounded, fitted to it. A value that is too long
 * keeps its start and ends in "~" and a hash of the whole value, so the same value always fits to
 * the same text (a repeated event still finds its row) and two different ones stay different.
 * Records which fields it changed, for the log line and the metric.
 */
final class StoredValues {

  /** Hex digits of the hash that ends a shortened value. */
  static final int HASH_LENGTH = 8;

  /** Times PostgreSQL stores and the history orders by; others become the time of receipt. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  static final Duration LATEST_AHEAD = Duration.ofDays(1);

  private final List<String> changed = new ArrayList<>();

  /** The text cleaned (null stays null). */
  String text(String field, String value) {
    SafeText.Cleaned cleaned = SafeText.clean(value);
    if (cleaned.changed()) {
      changed.add(field);
    }
    return cleaned.text();
  }

  /** The text cleaned and fitted to {@code width} characters (null stays null). */
  String fit(String field, String value, int width) {
    String text = text(field, value);
    String fitted = fitted(text, width);
    if (fitted != null && !fitted.equals(text) && !changed.contains(field)) {
      changed.add(field);
    }
    return fitted;
  }

  /** The instant when PostgreSQL can store it and it is plausible, else {@code receivedAt}. */
  Instant time(String field, Instant value, Instant receivedAt) {
    if (value == null) {
      return receivedAt;
    }
    if (value.isBefore(EARLIEST) || value.isAfter(receivedAt.plus(LATEST_AHEAD))) {
      changed.add(field);
      return receivedAt;
    }
    return value.truncatedTo(ChronoUnit.MICROS);
  }

  /** The fields whose values were changed to be stored. */
  List<String> changed() {
    return List.copyOf(changed);
  }

  static String fitted(String text, int width) {
    if (text == null || text.length() <= width) {
      return text;
    }
    int keep = width - HASH_LENGTH - 1;
    if (Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return text.substring(0, keep) + "~" + hash(text);
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
