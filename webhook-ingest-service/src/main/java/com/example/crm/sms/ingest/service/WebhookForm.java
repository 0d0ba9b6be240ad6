package com.example.crm.sms.ingest.service;

import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a form-encoded Twilio webhook, every one of them: the signature covers all
 * parameters Twilio sent, including ones it added after this code was written.
 *
 * <p>This is the one place where text from Twilio is cleaned (DESIGN rule 12, sms-common {@link
 * SafeText}). {@link #received()} holds the values exactly as decoded, which is what Twilio signed;
 * every other accessor returns them cleaned, computed on first use, i.e. after the signature check.
 * Text is never refused for what it contains: invalid UTF-8 is read as U+FFFD (the JDK's decoder:
 * one U+FFFD per malformed sequence, so the UTF-8 of a lone surrogate, {@code %ED%A0%80}, is one
 * U+FFFD, an overlong {@code %C0%80} two), and C0 controls other than tab, LF and CR are removed.
 * One instance serves one request; it is not shared between threads.
 */
public final class WebhookForm {

  private static final byte[] NO_BYTES = new byte[0];

  /** As decoded: the signature's input, and what the cleaned map is made of. */
  private final Map<String, String> received;

  /** Names (as received) whose name or value held invalid UTF-8, read as U+FFFD; null if none. */
  private final Set<String> replaced;

  /** Whether some name or value holds a character SafeText removes (known while decoding). */
  private final boolean unsafe;

  private Map<String, String> params;
  private Set<String> changed;

  private WebhookForm(Map<String, String> received, Set<String> replaced, boolean unsafe) {
    this.received = Collections.unmodifiableMap(received);
    this.replaced = replaced;
    this.unsafe = unsafe;
  }

  /** {@link #parse(byte[])} of a body given as text (its UTF-8 bytes); null is an empty form. */
  public static WebhookForm parse(String body) {
    return parse(body == null ? NO_BYTES : body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses an {@code application/x-www-form-urlencoded} body as the URL Standard's form parser
   * does: '+' and percent-escapes become bytes, raw bytes stay bytes, and each name and value is
   * then read as UTF-8. A repeated parameter is a 400: Twilio never repeats one, and the signature
   * scheme of its SDK cannot express it. A malformed escape is a 400 naming the parameter.
   */
  public static WebhookForm parse(byte[] body) {
    return parseOctets(new String(body == null ? NO_BYTES : body, StandardCharsets.ISO_8859_1));
  }

  /**
   * {@link #parse(byte[])} of the body's bytes given one char each, every char at most U+00FF
   * (ISO-8859-1, as {@code Buffer.toString(ISO_8859_1)} gives them without decoding): the form is
   * then scanned with String's own fast searches, and its plain values are substrings.
   */
  public static WebhookForm parseOctets(String body) {
    return new Parser(body == null ? "" : body).parse();
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

  private static ProblemException repeated(String name) {
    return ProblemException.badRequest(name, "Parameter '" + name + "' is repeated");
  }

  /** One pass over the body, no split() array, and no decoding of the many plain parameters. */
  private static final class Parser {

    /** One char per byte of the body. */
    private final String body;

    // Room for Twilio's 20 to 40 parameters without rehashing.
    private final Map<String, String> params = new LinkedHashMap<>(64);
    private Set<String> replaced;
    private boolean unsafe;

    /** Whether the last {@link #decode} met invalid UTF-8. */
    private boolean malformed;

    Parser(String body) {
      this.body = body;
    }

    WebhookForm parse() {
      int start = 0;
      int length = body.length();
      while (start < length) {
        int amp = body.indexOf('&', start);
        int end = amp < 0 ? length : amp;
        if (end > start) {
          int eq = body.indexOf('=', start);
          if (eq < 0 || eq > end) {
            eq = end;
          }
          String name = decode(start, eq, null);
          boolean nameMalformed = malformed;
          String value = eq == end ? "" : decode(eq + 1, end, name);
          if (params.putIfAbsent(name, value) != null) {
            throw repeated(name);
          }
          if (nameMalformed || (eq < end && malformed)) {
            if (replaced == null) {
              replaced = new HashSet<>();
            }
            replaced.add(name);
          }
        }
        start = end + 1;
      }
      return new WebhookForm(params, replaced, unsafe);
    }

    /**
     * Decodes one name or value (null name: this is a name). Most of Twilio's values are plain
     * ASCII and need no decoding. Only a C0 byte can make the result unsafe for SafeText: UTF-8
     * never encodes a C0 control in a multi-byte sequence, and the decoder never yields a lone
     * surrogate (malformed input becomes U+FFFD); so noting C0 bytes here spares clean webhooks a
     * second scan.
     */
    private String decode(int from, int to, String name) {
      malformed = false;
      int i = from;
      while (i < to) {
        char c = body.charAt(i);
        if (c == '%' || c == '+' || c >= 0x80) {
          break;
        }
        if (SafeText.isUnsafeControl(c)) {
          unsafe = true;
        }
        i++;
      }
      if (i == to) {
        return body.substring(from, to);
      }
      byte[] out = new byte[to - from];
      int n = 0;
      for (int k = from; k < i; k++) {
        out[n++] = (byte) body.charAt(k);
      }
      boolean ascii = true;
      while (i < to) {
        int b = body.charAt(i);
        if (b == '+') {
          b = ' ';
          i++;
        } else if (b == '%') {
          int high = i + 2 < to ? hex(body.charAt(i + 1)) : -1;
          int low = i + 2 < to ? hex(body.charAt(i + 2)) : -1;
          if (high < 0 || low < 0) {
            String field = name == null ? "body" : name;
            throw ProblemException.badRequest(
                field, "Malformed percent-encoding in '" + field + "'");
          }
          b = (high << 4) + low;
          i += 3;
        } else {
          i++;
        }
        if (b >= 0x80) {
          ascii = false;
        } else if (SafeText.isUnsafeControl((char) b)) {
          unsafe = true;
        }
        out[n++] = (byte) b;
      }
      if (ascii) {
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
      }
      String text = new String(out, 0, n, StandardCharsets.UTF_8);
      // U+FFFD is either sent as such (valid) or the decoder's replacement: only then check.
      if (text.indexOf(SafeText.REPLACEMENT) >= 0 && !wellFormed(out, n)) {
        malformed = true;
      }
      return text;
    }

    private static int hex(char b) {
      if (b >= '0' && b <= '9') {
        return b - '0';
      }
      if (b >= 'a' && b <= 'f') {
        return b - 'a' + 10;
      }
      if (b >= 'A' && b <= 'F') {
        return b - 'A' + 10;
      }
      return -1;
    }

    private static boolean wellFormed(byte[] bytes, int length) {
      try {
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, length));
        return true;
      } catch (CharacterCodingException e) {
        return false;
      }
    }
  }
}
