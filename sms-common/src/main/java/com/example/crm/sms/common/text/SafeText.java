package com.example.crm.sms.common.text;

import com.example.crm.sms.common.problem.ProblemException;

/**
 * The one rule for text we store (rule 12, docs/architecture.md). PostgreSQL refuses U+0000 in
 * {@code text}, and the other C0 controls and unpaired surrogates are never meant by a person. Text
 * from Twilio is never refused for them: {@link #clean} removes the controls (tab, LF and CR stay)
 * and turns a lone surrogate into U+FFFD. Text from our own APIs is a client's mistake: {@link
 * #requireSafe} answers 422 naming the field and the position of the first such character.
 */
public final class SafeText {

  /** The replacement character for an unpaired surrogate. */
  public static final char REPLACEMENT = '\uFFFD';

  private SafeText() {}

  /**
   * @param text the cleaned text (the same instance when nothing was removed or replaced)
   * @param changed whether anything was removed or replaced
   */
  public record Cleaned(String text, boolean changed) {}

  /** A C0 control character other than tab, line feed and carriage return. */
  public static boolean isUnsafeControl(char c) {
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
  }

  /** Removes unsafe controls and replaces lone surrogates; null stays null. */
  public static Cleaned clean(String text) {
    int first = firstUnsafeIndex(text);
    if (first < 0) {
      return new Cleaned(text, false);
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isUnsafeControl(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(REPLACEMENT);
      } else {
        out.append(c);
      }
    }
    return new Cleaned(out.toString(), true);
  }

  /** {@link #clean}'s text alone. */
  public static String cleaned(String text) {
    return clean(text).text();
  }

  /** The UTF-16 index of the first unsafe control or lone surrogate, or -1 when there is none. */
  public static int firstUnsafeIndex(String text) {
    if (text == null) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        if (isUnsafeControl(c)) {
          return i;
        }
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Answers 422 naming {@code field} when {@code value} holds an unsafe control or a lone
   * surrogate; the position is counted in characters (code points) from 1, as a person counts.
   */
  public static void requireSafe(String field, String value) {
    int index = firstUnsafeIndex(value);
    if (index < 0) {
      return;
    }
    char c = value.charAt(index);
    String what = Character.isSurrogate(c) ? "an unpaired surrogate" : "the control character";
    throw ProblemException.unprocessable(
        field,
        String.format(
            "Field '%s' has %s U+%04X at position %d; remove it",
            field, what, (int) c, value.codePointCount(0, index) + 1));
  }
}
