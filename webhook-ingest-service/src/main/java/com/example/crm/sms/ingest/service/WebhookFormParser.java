package com.example.crm.sms.ingest.service;

import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a form-encoded body as the URL Standard's form parser does: '+' and percent-escapes become
 * bytes, raw bytes stay bytes, and each name and value is then read as UTF-8. A repeated parameter
 * is a 400: Twilio never repeats one, and the signature scheme of its SDK cannot express it. A
 * malformed escape is a 400 naming the parameter. The body comes one char per byte, so it is
 * scanned with String's own fast searches and its plain values are substrings.
 *
 * <p>One pass over the body, no split() array, and no decoding of the many plain parameters.
 */
final class WebhookFormParser {

  /** One char per byte of the body. */
  private final String body;

  // Room for Twilio's 20 to 40 parameters without rehashing.
  private final Map<String, String> params = new LinkedHashMap<>(64);
  private Set<String> replaced;
  private boolean unsafe;

  /** Whether the last {@link #decode} met invalid UTF-8. */
  private boolean malformed;

  WebhookFormParser(String body) {
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
          throw WebhookForm.repeated(name);
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
   * Decodes one name or value (null name: this is a name). Most of Twilio's values are plain ASCII
   * and need no decoding. Only a C0 byte can make the result unsafe for SafeText: UTF-8 never
   * encodes a C0 control in a multi-byte sequence, and the decoder never yields a lone surrogate
   * (malformed input becomes U+FFFD); so noting C0 bytes here spares clean webhooks a second scan.
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
          throw ProblemException.badRequest(field, "Malformed percent-encoding in '" + field + "'");
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
