package com.example.crm.sms.ingest.service;

import com.example.crm.sms.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of a form-encoded Twilio webhook, every one of them: the signature covers all
 * parameters Twilio sent, including ones it added after this code was written.
 */
public final class WebhookForm {

  private final Map<String, String> params;

  private WebhookForm(Map<String, String> params) {
    this.params = Collections.unmodifiableMap(params);
  }

  /**
   * Parses an {@code application/x-www-form-urlencoded} body. A repeated parameter is a 400: Twilio
   * never repeats one, and the signature scheme of its SDK cannot express it.
   */
  public static WebhookForm parse(String body) {
    // Room for Twilio's 20 to 40 parameters without rehashing.
    Map<String, String> params = new LinkedHashMap<>(64);
    if (body == null || body.isEmpty()) {
      return new WebhookForm(params);
    }
    // One pass over the body, no split() array, and no decoding of the many plain parameters.
    int start = 0;
    int length = body.length();
    while (start <= length) {
      int amp = body.indexOf('&', start);
      int end = amp < 0 ? length : amp;
      if (end > start) {
        int eq = body.indexOf('=', start);
        if (eq < 0 || eq > end) {
          eq = -1;
        }
        String name = decode(body, start, eq < 0 ? end : eq, null);
        String value = eq < 0 ? "" : decode(body, eq + 1, end, name);
        if (params.putIfAbsent(name, value) != null) {
          throw ProblemException.badRequest(name, "Parameter '" + name + "' is repeated");
        }
      }
      start = end + 1;
    }
    return new WebhookForm(params);
  }

  /**
   * Decodes one name or value as URLDecoder does (UTF-8), without its per-call buffers: most of
   * Twilio's values need no decoding at all, and the rest only a few escapes.
   */
  private static String decode(String body, int from, int to, String name) {
    int i = from;
    while (i < to && body.charAt(i) != '%' && body.charAt(i) != '+') {
      i++;
    }
    if (i == to) {
      return body.substring(from, to);
    }
    StringBuilder out = new StringBuilder(to - from).append(body, from, i);
    byte[] bytes = null;
    while (i < to) {
      char c = body.charAt(i);
      if (c == '+') {
        out.append(' ');
        i++;
      } else if (c != '%') {
        out.append(c);
        i++;
      } else {
        // A run of escapes is one UTF-8 byte sequence: "%F0%9F%91%8B" is one emoji.
        if (bytes == null) {
          bytes = new byte[(to - i) / 3 + 1];
        }
        int n = 0;
        while (i < to && body.charAt(i) == '%') {
          int high = i + 2 < to ? Character.digit(body.charAt(i + 1), 16) : -1;
          int low = i + 2 < to ? Character.digit(body.charAt(i + 2), 16) : -1;
          if (high < 0 || low < 0) {
            String field = name == null ? "body" : name;
            throw ProblemException.badRequest(
                field, "Malformed percent-encoding in '" + field + "'");
          }
          bytes[n++] = (byte) ((high << 4) + low);
          i += 3;
        }
        out.append(new String(bytes, 0, n, StandardCharsets.UTF_8));
      }
    }
    return out.toString();
  }

  public Map<String, String> all() {
    return params;
  }

  /** The value, or a 400 naming the parameter when it is missing or blank. */
  public String required(String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      throw ProblemException.badRequest(name, "Required parameter '" + name + "' is missing");
    }
    return value;
  }

  /** The value, null when absent or empty. */
  public String optional(String name) {
    String value = params.get(name);
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
}
