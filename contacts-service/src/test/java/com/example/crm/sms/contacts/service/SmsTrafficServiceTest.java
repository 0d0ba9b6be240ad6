package com.example.crm.sms.contacts.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsTrafficServiceTest {

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
    assertEquals(expected, SmsTrafficService.preview(body, media));
  }

  @ParameterizedTest
  @CsvSource({"160, 160", "161, 160", "500, 160"})
  void previewIsAtMost160CharactersEndingInAnEllipsisWhenCut(int length, int expected) {
    String preview = SmsTrafficService.preview("a".repeat(length), 0);
    assertEquals(expected, preview.length());
    assertEquals(length > 160, preview.endsWith("…"));
  }
}
