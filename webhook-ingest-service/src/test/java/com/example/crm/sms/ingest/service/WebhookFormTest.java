package com.example.crm.sms.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.example.crm.sms.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookFormTest {

  @Test
  void decodesEveryParameterInOrder() {
    WebhookForm form =
        WebhookForm.parse("Body=Hi+there%21+%F0%9F%91%8B&From=%2B12394267058&Empty=&Flag&&To=x");
    assertEquals(
        Map.of("Body", "Hi there! 👋", "From", "+12394267058", "Empty", "", "Flag", "", "To", "x"),
        form.all());
    assertEquals(
        java.util.List.of("Body", "From", "Empty", "Flag", "To"),
        java.util.List.copyOf(form.all().keySet()));
    assertEquals(null, form.optional("Empty"));
  }

  @Test
  void edgeCasesOfTheEncodingAreKept() {
    assertEquals(Map.of("a", "b=c", "", "v"), WebhookForm.parse("&a=b=c&=v&").all());
    assertEquals(Map.of("a b", "+1"), WebhookForm.parse("a+b=%2B1").all());
  }

  @Test
  void decodesWhatAnyFormEncoderWrites() {
    // Random text from all of Unicode's planes, encoded as browsers and Twilio do.
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 2000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        int codePoint =
            switch (random.nextInt(4)) {
              case 0 -> 0x20 + random.nextInt(0x5f); // printable ASCII, with + % & =
              case 1 -> 0xa0 + random.nextInt(0x700); // accents, Greek, Cyrillic
              case 2 -> 0x4e00 + random.nextInt(0x5000); // CJK
              default -> 0x1f300 + random.nextInt(0x300); // emoji (surrogate pairs)
            };
        text.appendCodePoint(codePoint);
      }
      String encoded = java.net.URLEncoder.encode(text.toString(), StandardCharsets.UTF_8);
      assertEquals(
          Map.of("Body", text.toString()), WebhookForm.parse("Body=" + encoded).all(), encoded);
    }
  }

  @ParameterizedTest(name = "[{0}] -> 400 on {1}")
  @CsvSource({
    "Body=100%, Body",
    "Bo%zzdy=1, body",
    "Body=%4, Body",
    "Body=ok%F0%9F%9, Body",
    "Body=a&Body=b, Body",
  })
  void malformedOrRepeatedParameterIsABadRequestNamingIt(String body, String field) {
    ProblemException e = assertThrows(ProblemException.class, () -> WebhookForm.parse(body));
    assertEquals(400, e.problem().status());
    assertEquals(field, e.problem().field());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({"NumSegments, x", "NumSegments, 1.5", "NumSegments, -2"})
  void nonNumericOrNegativeCountIsABadRequest(String name, String value) {
    WebhookForm form = WebhookForm.parse(name + "=" + value);
    assertThrows(ProblemException.class, () -> form.nonNegativeInt(name, 1));
  }

  @Test
  void missingOrBlankRequiredParameterIsABadRequest() {
    WebhookForm form = WebhookForm.parse("From=+&To=");
    assertEquals(
        "From",
        assertThrows(ProblemException.class, () -> form.required("From")).problem().field());
    assertEquals(
        "To", assertThrows(ProblemException.class, () -> form.required("To")).problem().field());
    assertEquals(1, WebhookForm.parse("").nonNegativeInt("NumSegments", 1));
  }
}
