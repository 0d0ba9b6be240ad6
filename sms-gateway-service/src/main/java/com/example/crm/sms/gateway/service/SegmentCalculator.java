package com.example.crm.sms.gateway.service;

/**
 * How Twilio bills a text: GSM-7 when every character is in the GSM 03.38 basic set or its
 * extension table (extension characters take two septets), else UCS-2 (UTF-16 code units). One
 * segment holds 160 septets / 70 units; a concatenated text holds 153 / 67 per segment, and a
 * character (an escape pair, a surrogate pair) is never split across two segments.
 */
public final class SegmentCalculator {

  public static final String GSM_7 = "GSM-7";
  public static final String UCS_2 = "UCS-2";

  private static final String GSM_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

  private SegmentCalculator() {}

  public record Result(String encoding, int segments, int characters, int units) {}

  public static Result calculate(String body) {
    int characters = body.codePointCount(0, body.length());
    boolean gsm = body.codePoints().allMatch(SegmentCalculator::isGsm);
    if (gsm) {
      int[] weights = body.codePoints().map(c -> GSM_EXTENSION.indexOf(c) >= 0 ? 2 : 1).toArray();
      return new Result(GSM_7, segments(weights, 160, 153), characters, sum(weights));
    }
    int[] weights = body.codePoints().map(Character::charCount).toArray();
    return new Result(UCS_2, segments(weights, 70, 67), characters, sum(weights));
  }

  private static boolean isGsm(int codePoint) {
    return codePoint != 0x1B
        && (GSM_BASIC.indexOf(codePoint) >= 0 || GSM_EXTENSION.indexOf(codePoint) >= 0);
  }

  private static int segments(int[] weights, int single, int concatenated) {
    int total = sum(weights);
    if (total <= single) {
      return total == 0 ? 0 : 1;
    }
    int segments = 1;
    int used = 0;
    for (int w : weights) {
      if (used + w > concatenated) {
        segments++;
        used = 0;
      }
      used += w;
    }
    return segments;
  }

  private static int sum(int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    return total;
  }
}
