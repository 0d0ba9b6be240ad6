package com.example.crm.sms.contacts.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventValuesTest {

  @ParameterizedTest(name = "[{index}] ''{0}'' with {1} media -> ''{2}''")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "Is the 3pm viewing still on?     | 0 | Is the 3pm viewing still on?",
        "'  two\n\nlines  '               | 0 | two lines",
        "NULL                             | 0 | ''",
        "''                               | 1 | (1 attachment)",
        "NULL                             | 3 | (3 attachments)",
        "look                             | 2 | look (+2 attachments)",
      })
  void previewShowsTheTextInOneLineAndCountsMedia(String body, int media, String expected) {
    assertEquals(expected, EventValues.preview(body, media));
  }

  @ParameterizedTest
  @CsvSource({"160, 160", "161, 160", "500, 160"})
  void previewIsAtMost160CharactersEndingInAnEllipsisWhenCut(int length, int expected) {
    String preview = EventValues.preview("a".repeat(length), 0);
    assertEquals(expected, preview.length());
    assertEquals(length > 160, preview.endsWith("…"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a NUL is removed               | a\\u0000b        | ab",
        "other C0 controls; DEL is none | \\u0001\\u001b[1m\\u007f | [1m\\u007f",
        "tab, LF and CR are white space | a\\tb\\nc\\rd    | a b c d",
        "a lone high surrogate -> U+FFFD | x\\ud800y       | x\\ufffdy",
        "a lone low surrogate -> U+FFFD | \\udc00          | \\ufffd",
        "a pair is kept                 | \\ud83d\\ude00    | \\ud83d\\ude00",
        "only controls leave nothing    | \\u0000\\u0000   | ''",
      })
  void previewCleansTextByTheOneRule(String rule, String body, String expected) {
    assertEquals(unescape(expected), EventValues.preview(unescape(body), 0), rule);
  }

  @Test
  void aPreviewOfEmojiIsCutBetweenCharactersNeverInsideOne() {
    String emoji = "\ud83d\ude00".repeat(1600);
    String preview = EventValues.preview(emoji, 0);
    assertEquals(160, preview.codePointCount(0, preview.length()));
    assertEquals(-1, com.example.crm.sms.common.text.SafeText.firstUnsafeIndex(preview));
  }

  @Test
  void aSidTooLongForItsColumnIsCutAndKeyedByItsHash() {
    String sid = "SM" + "a".repeat(100);
    String sameStart = "SM" + "a".repeat(99) + "b";
    assertEquals(64, EventValues.storedSid(sid).length());
    assertTrue(EventValues.keyOf(sid).startsWith("sha256:"));
    assertEquals(71, EventValues.keyOf(sid).length());
    assertNotEquals(EventValues.keyOf(sid), EventValues.keyOf(sameStart));
    String real = "SM0123456789abcdef0123456789abcdef";
    assertEquals(real, EventValues.keyOf(real));
    assertEquals(real, EventValues.storedSid(real));
  }

  @ParameterizedTest
  @CsvSource({
    "+999999-01-01T00:00:00Z, true",
    "-004714-01-01T00:00:00Z, true",
    "9999-12-31T23:59:59Z, false",
    "0001-01-01T00:00:00Z, false",
    "2026-11-25T09:15:30Z, false"
  })
  void aTimeNoDatabaseHoldsBecomesTheTimeOfStoring(String time, boolean replaced) {
    Instant at = Instant.parse(time);
    Instant before = Instant.now().minusSeconds(1);
    Instant stored = EventValues.storable(at, "occurredAt", "SMtest");
    assertEquals(replaced, !stored.equals(at));
    if (replaced) {
      assertFalse(stored.isBefore(before), stored.toString());
    }
  }

  /** CSV cells spell characters as \\uXXXX, \\t, \\n and \\r. */
  private static String unescape(String cell) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c == '\\' && i + 1 < cell.length()) {
        char n = cell.charAt(i + 1);
        if (n == 'u') {
          out.append((char) Integer.parseInt(cell.substring(i + 2, i + 6), 16));
          i += 5;
          continue;
        }
        out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
        i++;
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }
}
