package com.example.crm.sms.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.problem.ProblemException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Merge fields: each value, each fallback, text that only looks like a field, unknown names. */
class MergeFieldsTest {

  private static final Map<String, String> ANN =
      Map.of("firstName", "Ann", "lastName", "Lee", "company", "Acme");

  static Stream<Arguments> merges() {
    Map<String, String> blankFirst = new HashMap<>();
    blankFirst.put("firstName", "  ");
    blankFirst.put("company", null);
    return Stream.of(
        Arguments.of(
            "every field", "Hi {firstName} {lastName} of {company}", ANN, "Hi Ann Lee of Acme"),
        Arguments.of(
            "a field with a value ignores its fallback", "Hi {firstName|there}", ANN, "Hi Ann"),
        Arguments.of(
            "a missing value takes the fallback", "Hi {firstName|there}", Map.of(), "Hi there"),
        Arguments.of(
            "a blank or null value takes the fallback",
            "Hi {firstName|there} at {company|home}",
            blankFirst,
            "Hi there at home"),
        Arguments.of("no value and no fallback renders empty", "Hi {firstName}!", Map.of(), "Hi !"),
        Arguments.of("an empty fallback renders empty", "Hi{firstName|}.", null, "Hi."),
        Arguments.of(
            "a fallback with spaces and punctuation",
            "{firstName|dear customer, hello}",
            Map.of(),
            "dear customer, hello"),
        Arguments.of(
            "a value with $ and \\ is taken literally",
            "Pay {company}",
            Map.of("company", "$1 \\o/"),
            "Pay $1 \\o/"),
        Arguments.of(
            "braces that are no field stay text",
            "Use {} or { firstName } or {1x}",
            ANN,
            "Use {} or { firstName } or {1x}"),
        Arguments.of(
            "a value is trimmed", "Hi {firstName}", Map.of("firstName", " Ann "), "Hi Ann"),
        Arguments.of("values for other keys are ignored", "Hi", Map.of("email", "a@b.c"), "Hi"),
        Arguments.of(
            "a value with non-GSM text merges as is",
            "Hi {firstName}",
            Map.of("firstName", "Zoë 😀"),
            "Hi Zoë 😀"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("merges")
  void eachRecipientGetsTheBodyWithItsValues(
      String name, String template, Map<String, String> values, String expected) {
    MergeFields.requireKnown("body", template);
    assertEquals(expected, MergeFields.render(template, values), name);
  }

  static Stream<Arguments> unknown() {
    return Stream.of(
        Arguments.of("Hi {nickname}", "nickname"),
        Arguments.of("Hi {firstName} {nickname|friend}", "nickname"),
        Arguments.of("Hi {FirstName}", "FirstName"),
        Arguments.of("Hi {first_name}", "first_name"));
  }

  @ParameterizedTest(name = "{0} names {1}")
  @MethodSource("unknown")
  void anUnknownFieldIsA422NamingIt(String template, String field) {
    ProblemException e =
        assertThrows(ProblemException.class, () -> MergeFields.requireKnown("body", template));
    assertEquals(422, e.problem().status());
    assertEquals("body", e.problem().field());
    assertTrue(
        e.problem().detail().startsWith("Field 'body': Unknown merge field {" + field + "}"),
        e.problem().detail());
  }

  @Test
  void segmentsAndEncodingAreTheMergedTextsPerRecipient() {
    String template =
        "Hello {firstName}, your order is ready for pickup at our store today, see you soon!";
    // 75 GSM-7 characters with "Ann": 1 segment; a name outside GSM-7 makes it UCS-2: 81, 2 of 67.
    SegmentCalculator.Result ann = SegmentCalculator.calculate(MergeFields.render(template, ANN));
    SegmentCalculator.Result zoe =
        SegmentCalculator.calculate(MergeFields.render(template, Map.of("firstName", "Zoë Ōtake")));
    assertEquals(SegmentCalculator.GSM_7, ann.encoding());
    assertEquals(1, ann.segments());
    assertEquals(SegmentCalculator.UCS_2, zoe.encoding());
    assertEquals(2, zoe.segments());
  }
}
