package com.example.crm.sms.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SegmentCalculatorTest {

  static Stream<Arguments> bodies() {
    String a = "a";
    return Stream.of(
        Arguments.of("one GSM character", a, "GSM-7", 1, 1),
        Arguments.of("160 GSM characters fit one segment", a.repeat(160), "GSM-7", 1, 160),
        Arguments.of("161 GSM characters need two", a.repeat(161), "GSM-7", 2, 161),
        Arguments.of("306 GSM characters fill two", a.repeat(306), "GSM-7", 2, 306),
        Arguments.of("307 GSM characters need three", a.repeat(307), "GSM-7", 3, 307),
        Arguments.of("GSM accents stay GSM-7", "Café à Zürich, Ñoño", "GSM-7", 1, 19),
        Arguments.of("80 extension characters are 160 septets", "{".repeat(80), "GSM-7", 1, 80),
        Arguments.of("81 extension characters are 162 septets", "{".repeat(81), "GSM-7", 2, 81),
        Arguments.of("euro sign counts twice", a.repeat(158) + "€", "GSM-7", 1, 159),
        Arguments.of("euro sign tips over 160", a.repeat(159) + "€", "GSM-7", 2, 160),
        Arguments.of(
            "an escape pair is never split across segments",
            a.repeat(152) + "[" + a.repeat(152),
            "GSM-7",
            3,
            305),
        Arguments.of("lower-case c cedilla is not GSM", "ç", "UCS-2", 1, 1),
        Arguments.of("70 UCS-2 characters fit one segment", "П".repeat(70), "UCS-2", 1, 70),
        Arguments.of("71 UCS-2 characters need two", "П".repeat(71), "UCS-2", 2, 71),
        Arguments.of("one emoji is two UTF-16 units", "😀", "UCS-2", 1, 1),
        Arguments.of("35 emoji are 70 units", "😀".repeat(35), "UCS-2", 1, 35),
        Arguments.of("36 emoji need two segments", "😀".repeat(36), "UCS-2", 2, 36),
        Arguments.of("one emoji turns GSM text into UCS-2", a.repeat(69) + "😀", "UCS-2", 2, 70),
        Arguments.of("1600 GSM characters", a.repeat(1600), "GSM-7", 11, 1600),
        Arguments.of("1600 emoji, no surrogate pair split", "😀".repeat(1600), "UCS-2", 49, 1600));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void countsEncodingAndSegmentsAsTwilioDoes(
      String name, String body, String encoding, int segments, int characters) {
    SegmentCalculator.Result result = SegmentCalculator.calculate(body);
    assertEquals(encoding, result.encoding(), name);
    assertEquals(segments, result.segments(), name);
    assertEquals(characters, result.characters(), name);
  }
}
