package com.example.crm.sms.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.example.crm.sms.common.problem.ProblemException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeTextTest {

  static Stream<Arguments> carrierTexts() {
    return Stream.of(
        Arguments.of("STOP\u0000", "STOP", true),
        Arguments.of("\u0000", "", true),
        Arguments.of("a\u0001b\u001Fc", "abc", true),
        Arguments.of("tab\tlf\ncr\r", "tab\tlf\ncr\r", false),
        Arguments.of("lone \uD83D high", "lone \uFFFD high", true),
        Arguments.of("lone \uDE00 low", "lone \uFFFD low", true),
        Arguments.of("end high \uD83D", "end high \uFFFD", true),
        Arguments.of("pair \uD83D\uDE00 kept", "pair \uD83D\uDE00 kept", false),
        Arguments.of(
            "\u007F DEL and \u0085 NEL are not C0", "\u007F DEL and \u0085 NEL are not C0", false),
        Arguments.of("", "", false));
  }

  @ParameterizedTest(name = "{0} is stored as {1}")
  @MethodSource("carrierTexts")
  void textFromTheCarrierIsCleanedNeverRefused(String in, String out, boolean changed) {
    SafeText.Cleaned cleaned = SafeText.clean(in);
    assertEquals(out, cleaned.text());
    assertEquals(changed, cleaned.changed());
  }

  @Test
  void everyC0ControlButTabLfCrIsRemoved() {
    String all =
        IntStream.range(0, 0x20)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    assertEquals("\t\n\r", SafeText.cleaned(all));
  }

  @Test
  void cleanTextIsReturnedAsItIs() {
    String text = "Hi \uD83D\uDE00";
    assertSame(text, SafeText.clean(text).text());
    assertEquals(null, SafeText.clean(null).text());
  }

  static Stream<Arguments> apiTexts() {
    return Stream.of(
        Arguments.of("a\u0000b", "U+0000 at position 2"),
        Arguments.of("\uD83D\uDE00\uD83D\uDE00\u0007", "U+0007 at position 3"),
        Arguments.of("x\uDC00", "unpaired surrogate U+DC00 at position 2"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("apiTexts")
  void textFromOurApisIsA422NamingFieldAndPosition(String value, String expected) {
    ProblemException e =
        assertThrows(ProblemException.class, () -> SafeText.requireSafe("body", value));
    assertEquals(422, e.problem().status());
    assertEquals("body", e.problem().field());
    org.junit.jupiter.api.Assertions.assertTrue(
        e.problem().detail().contains(expected), e.problem().detail());
  }

  @Test
  void safeApiTextPasses() {
    SafeText.requireSafe("body", "Line one\nline two\t\uD83D\uDE00");
    SafeText.requireSafe("body", null);
  }
}
