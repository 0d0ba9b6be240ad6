package com.example.crm.sms.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookFormTest {

  /** The form of a body given as text (its UTF-8 bytes), as the resource hands it over. */
  private static WebhookForm parse(String body) {
    return parse(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The form of the body's bytes, one char each, as the resource reads them from its buffer. */
  private static WebhookForm parse(byte[] body) {
    return WebhookForm.parseOctets(new String(body, StandardCharsets.ISO_8859_1));
  }

  @Test
  void decodesEveryParameterInOrder() {
    WebhookForm form = parse("Body=Hi+there%21+%F0%9F%91%8B&From=%2B12394267058&Empty=&Flag&&To=x");
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
    assertEquals(Map.of("a", "b=c", "", "v"), parse("&a=b=c&=v&").all());
    assertEquals(Map.of("a b", "+1"), parse("a+b=%2B1").all());
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
      assertEquals(Map.of("Body", text.toString()), parse("Body=" + encoded).all(), encoded);
    }
  }

  @ParameterizedTest(name = "[{0}] -> 400 on {1}")
  @CsvSource({
    "Body=100%, Body",
    "Bo%zzdy=1, body",
    "Body=%4, Body",
    "Body=ok%F0%9F%9, Body",
    "Body=a&Body=b, Body",
    "Body=%٣4, Body",
  })
  void malformedOrRepeatedParameterIsABadRequestNamingIt(String body, String field) {
    ProblemException e = assertThrows(ProblemException.class, () -> parse(body));
    assertEquals(400, e.problem().status());
    assertEquals(field, e.problem().field());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({"NumSegments, x", "NumSegments, 1.5", "NumSegments, -2"})
  void nonNumericOrNegativeCountIsABadRequest(String name, String value) {
    WebhookForm form = parse(name + "=" + value);
    assertThrows(ProblemException.class, () -> form.nonNegativeInt(name, 1));
  }

  @Test
  void missingOrBlankRequiredParameterIsABadRequest() {
    WebhookForm form = parse("From=+&To=");
    assertEquals(
        "From",
        assertThrows(ProblemException.class, () -> form.required("From")).problem().field());
    assertEquals(
        "To", assertThrows(ProblemException.class, () -> form.required("To")).problem().field());
    assertEquals(1, parse("").nonNegativeInt("NumSegments", 1));
  }

  @Test
  void aCleanFormIsNotCopied() {
    // A line break and a tab are text, not something to clean.
    WebhookForm form = parse("Body=Hi%0Athere%09%F0%9F%91%8B&From=%2B12394267058");
    assertSame(form.received(), form.all());
    assertFalse(form.changed("Body"));
  }

  @Test
  void controlCharactersLeaveEveryNameAndValueButTheSignedValuesKeepThem() {
    WebhookForm form =
        parse("Body=STOP%00&Add%01Ons=a%1Bb&From=%2B1239426%077058&To=%2B1" + "\u0002");
    assertEquals(
        Map.of(
            "Body",
            "STOP\0",
            "Add\u0001Ons",
            "a\u001bb",
            "From",
            "+1239426\u00077058",
            "To",
            "+1\u0002"),
        form.received());
    assertEquals(
        Map.of("Body", "STOP", "AddOns", "ab", "From", "+12394267058", "To", "+1"), form.all());
    assertTrue(form.changed("Body"));
    assertTrue(form.changed("AddOns"), "a name that was cleaned counts as changed");
    assertTrue(form.changed("To"), "a raw (unencoded) control byte is cleaned too");
  }

  @Test
  void onlyTheParametersThatWereCleanedCountAsChanged() {
    WebhookForm form = parse("Body=hello&ErrorMessage=bad%00carrier");
    assertEquals("hello", form.all().get("Body"));
    assertFalse(form.changed("Body"));
    assertTrue(form.changed("ErrorMessage"));
    assertFalse(form.changed("Missing"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "UTF-8 of a lone high surrogate, 'hi%ED%A0%80', 'hi\uFFFD'",
    "UTF-8 of a lone low surrogate, '%ED%B0%80!', '\uFFFD!'",
    "overlong NUL, 'STOP%C0%80', 'STOP\uFFFD\uFFFD'",
    "truncated 4-byte sequence, 'ok%F0%9F%98', 'ok\uFFFD'",
    "stray continuation byte, 'a%80b', 'a\uFFFDb'",
    "byte never valid in UTF-8, '%FF', '\uFFFD'",
  })
  void invalidUtf8IsReadAsTheReplacementCharacterAndCountsAsChanged(
      String what, String encoded, String expected) {
    WebhookForm form = parse("Body=" + encoded + "&To=x");
    assertEquals(expected, form.received().get("Body"), "the signature sees it so too");
    assertEquals(expected, form.all().get("Body"));
    assertTrue(form.changed("Body"));
    assertFalse(form.changed("To"));
  }

  @Test
  void aReplacementCharacterTwilioSentIsNoChange() {
    WebhookForm form = parse("Body=a%EF%BF%BDb");
    assertEquals("a\uFFFDb", form.all().get("Body"));
    assertFalse(form.changed("Body"));
  }

  @Test
  void rawBytesThatAreNotPercentEncodedAreReadAsUtf8() {
    byte[] utf8 = "Body=Grüße 👋".getBytes(StandardCharsets.UTF_8);
    assertEquals("Grüße 👋", parse(utf8).all().get("Body"));
    assertFalse(parse(utf8).changed("Body"));

    byte[] invalid = {'B', 'o', 'd', 'y', '=', 'a', (byte) 0xFF, 'b'};
    WebhookForm form = parse(invalid);
    assertEquals("a\uFFFDb", form.all().get("Body"));
    assertTrue(form.changed("Body"));
  }

  @Test
  void namesThatAreOneAfterCleaningAreARepeatedParameter() {
    WebhookForm form = parse("Body=a&Bo%00dy=b");
    assertEquals(2, form.received().size(), "both were signed");
    ProblemException e = assertThrows(ProblemException.class, form::all);
    assertEquals(400, e.problem().status());
    assertEquals("Body", e.problem().field());
  }

  @Test
  void randomBytesAreReadAsTheJdkReadsUtf8AndCleanedAsSafeTextCleans() throws Exception {
    // Random bytes, raw and percent-encoded, against an oracle: the JDK's UTF-8 decoding of the
    // same bytes, SafeText's cleaning of that, and "changed" when either altered something. Also
    // checks the parser's shortcut: a form SafeText would not change is not copied.
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 5000; i++) {
      StringBuilder body = new StringBuilder("Body=");
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      for (int n = random.nextInt(12); n > 0; n--) {
        int b = random.nextInt(256);
        if (b >= 0x20 && b < 0x7f && b != '%' && b != '&' && b != '=' && b != '+') {
          body.append((char) b);
        } else {
          body.append(String.format("%%%02X", b));
        }
        bytes.write(b);
      }
      String decoded = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
      boolean wellFormed = true;
      try {
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
      } catch (java.nio.charset.CharacterCodingException e) {
        wellFormed = false;
      }
      SafeText.Cleaned cleaned = SafeText.clean(decoded);

      WebhookForm form = parse(body + "&To=" + i);
      assertEquals(decoded, form.received().get("Body"), body.toString());
      assertEquals(cleaned.text(), form.all().get("Body"), body.toString());
      assertEquals(!wellFormed || cleaned.changed(), form.changed("Body"), body.toString());
      if (!cleaned.changed()) {
        assertSame(form.received(), form.all(), body.toString());
      }
    }
  }
}
