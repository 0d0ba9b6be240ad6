package com.example.crm.sms.common.secret;

import java.util.Locale;

/**
 * The one reading of a configured secret (rule 9, docs/architecture.md) by every service:
 * surrounding whitespace is never part of it (a secret file's trailing newline from {@code kubectl
 * create secret --from-file} would otherwise fail every signature), and a value starting with
 * {@value #PLACEHOLDER_PREFIX}, in any case, is the placeholder of {@code .env.example}, which the
 * prod profile refuses.
 */
public final class Secrets {

  public static final String PLACEHOLDER_PREFIX = "change-me";

  private Secrets() {}

  /** The value without surrounding whitespace; null or blank is "" (not configured). */
  public static String trimmed(String value) {
    return value == null ? "" : value.strip();
  }

  public static boolean isPlaceholder(String value) {
    return value != null && value.strip().toLowerCase(Locale.ROOT).startsWith(PLACEHOLDER_PREFIX);
  }
}
