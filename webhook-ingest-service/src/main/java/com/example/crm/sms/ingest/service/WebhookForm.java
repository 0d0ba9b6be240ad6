package com.example.crm.sms.ingest.service;

import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a form-encoded Twilio webhook, every one of them: the signature covers all
 * parameters Twilio sent, including ones it added after this code was written.
 *
 * <p>This is the one place where text from Twilio is cleaned (rule 12, docs/architecture.md;
 * sms-common {@link SafeText}). {@link #received()} holds the values exactly as decoded, which is
 * what Twilio signed; every other accessor returns them cleaned, computed on first use, i.e. after
 * the signature check. Text is never refused for what it contains: invalid UTF-8 is read as U+FFFD
 * (the JDK's decoder: one U+FFFD per malformed sequence, so the UTF-8 of a lone surrogate, {@code
 * %ED%A0%80}, is one U+FFFD, an overlong {@code %C0%80} two), and C0 controls other than tab, LF
 * and CR are removed. One instance serves one request; it is not shared between threads.
 */
public final class WebhookForm {

  /** As decoded: the signature's input, and what the cleaned map is made of. */
  private final Map<String, String> received;

  /** Names (as received) whose name or value held invalid UTF-8, read as U+FFFD; null if none. */
  private final Set<String> replaced;

  /** Whether some name or value holds a character SafeText removes (known while decoding). */
  private final boolean unsafe;

  private Map<String, String> params;
  private Set<String> changed;

  WebhookForm(Map<String, String> received, Set<String> replaced, boolean unsafe) {
    this.received = Collections.unmodifiableMap(received);
    this.replaced = replaced;
    this.unsafe = unsafe;
  }

  /**
   * Parses an {@code application/x-www-form-urlencoded} body as the URL Standard's form parser does
   * ({@link WebhookFormParser}); null is an empty form.
   *
   * @param body the body's bytes given one char each, every char at most U+00FF (ISO-8859-1, as
   *     {@code Buffer.toString(ISO_8859_1)} gives them without decoding)
   * @throws ProblemException 400 for a repeated parameter or a malformed escape, naming it
   */
  public static WebhookForm parseOctets(String body) {
    return new WebhookFormParser(body == null ? "" : body).parse();
  }

  /**
   * The parameters exactly as decoded, before cleaning: what Twilio signed. Only for the signature
   * check; everything else reads {@link #all()}.
   */
  public Map<String, String> received() {
    return received;
  }

  /**
   * Every parameter, cleaned with {@link SafeText#clean}, names too. The same map as {@link
   * #received()} when nothing needed cleaning, so a clean webhook costs no copy.
   *
   * @throws ProblemException 400 when two names become one after cleaning (as a repeated one)
   */
  public Map<String, String> all() {
    if (params == null) {
      if (unsafe) {
        clean();
      } else {
        params = received;
        changed = replaced;
      }
    }
    return params;
  }

  /**
   * Whether the parameter's value (or name) as published differs from what Twilio sent: invalid
   * UTF-8 was replaced or characters were removed.
   */
  public boolean changed(String name) {
    all();
    return changed != null && changed.contains(name);
  }

  private void clean() {
    Map<String, String> out = new LinkedHashMap<>(64);
    Set<String> altered = new HashSet<>();
    for (Map.Entry<String, String> e : received.entrySet()) {
      SafeText.Cleaned name = SafeText.clean(e.getKey());
      SafeText.Cleaned value = SafeText.clean(e.getValue());
      if (out.putIfAbsent(name.text(), value.text()) != null) {
        throw repeated(name.text());
      }
      if (name.changed()
          || value.changed()
          || (replaced != null && replaced.contains(e.getKey()))) {
        altered.add(name.text());
      }
    }
    params = Collections.unmodifiableMap(out);
    changed = altered;
  }

  /** The value, or a 400 naming the parameter when it is missing or blank. */
  public String required(String name) {
    String value = all().get(name);
    if (value == null || value.isBlank()) {
      throw ProblemException.badRequest(name, "Required parameter '" + name + "' is missing");
    }
    return value;
  }

  /** The value, null when absent or empty. */
  public String optional(String name) {
    String value = all().get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** The value as a non-negative integer, the default when absent, a 400 when not a number. */
  public int nonNegativeInt(String name, int defaultValue) {
    Integer value = optionalInt(name);
    if (value == null) {
      return defaultValue;
    }
    if (value < 0) {
      throw ProblemException.badRequest(name, "Parameter '" + name + "' must not be negative");
    }
    return value;
  }

  /** The value as an integer, null when absent, a 400 when not a number. */
  public Integer optionalInt(String name) {
    String value = optional(name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest(name, "Parameter '" + name + "' must be an integer");
    }
  }

  static ProblemException repeated(String name) {
    return ProblemException.badRequest(name, "Parameter '" + name + "' is repeated");
  }
}
