package com.example.crm.sms.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.ingest.TwilioSigning;
import com.twilio.security.RequestValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignatureVerifierTest {

  // Twilio's published example (security docs): URL, parameters, token 12345 and its signature.
  private static final String DOC_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final String DOC_TOKEN = "12345";
  private static final String DOC_SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

  private static Map<String, String> docParams() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("CallSid", "CA1234567890ABCDE");
    p.put("Caller", "+12349013030");
    p.put("Digits", "1234");
    p.put("From", "+12349013030");
    p.put("To", "+18005551212");
    return p;
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  @Test
  void twilioDocumentedExampleVerifiesWithTheSdkAndOurIndependentSigner() {
    assertEquals(DOC_SIGNATURE, TwilioSigning.sign(DOC_TOKEN, DOC_URL, docParams()));
    assertEquals(
        true, new RequestValidator(DOC_TOKEN).validate(DOC_URL, docParams(), DOC_SIGNATURE));
  }

  static Stream<Arguments> cases() {
    Map<String, String> params = docParams();
    String url = DOC_URL;
    return Stream.of(
        Arguments.of("documented example", List.of(DOC_TOKEN), url, params, DOC_SIGNATURE, true),
        Arguments.of(
            "a parameter value changed",
            List.of(DOC_TOKEN),
            url,
            with(params, "Digits", "1235"),
            DOC_SIGNATURE,
            false),
        Arguments.of(
            "a parameter added",
            List.of(DOC_TOKEN),
            url,
            with(params, "Extra", "x"),
            DOC_SIGNATURE,
            false),
        Arguments.of(
            "a parameter removed",
            List.of(DOC_TOKEN),
            url,
            Map.of("CallSid", "CA1234567890ABCDE"),
            DOC_SIGNATURE,
            false),
        Arguments.of(
            "the query string changed",
            List.of(DOC_TOKEN),
            "https://mycompany.com/myapp.php?foo=1&bar=3",
            params,
            DOC_SIGNATURE,
            false),
        Arguments.of(
            "the host changed",
            List.of(DOC_TOKEN),
            "https://evil.example/myapp.php?foo=1&bar=2",
            params,
            DOC_SIGNATURE,
            false),
        Arguments.of(
            "the scheme changed",
            List.of(DOC_TOKEN),
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            params,
            DOC_SIGNATURE,
            false),
        Arguments.of(
            "signed for one port, checked for another",
            List.of(DOC_TOKEN),
            "https://mycompany.com:9443/myapp.php?foo=1&bar=2",
            params,
            TwilioSigning.sign(
                DOC_TOKEN, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", params),
            false),
        Arguments.of(
            "signed for a port, checked without it",
            List.of(DOC_TOKEN),
            url,
            params,
            TwilioSigning.sign(
                DOC_TOKEN, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", params),
            false),
        Arguments.of(
            // The SDK also tries the URL without its port (Twilio may sign either form); the port
            // checked comes from SMS_INGEST_PUBLIC_URL, so a caller cannot choose it.
            "signed without a port, checked with one",
            List.of(DOC_TOKEN),
            "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
            params,
            DOC_SIGNATURE,
            true),
        Arguments.of(
            // The SDK accepts the URL with and without the scheme's default port, as Twilio does.
            "the default port written out",
            List.of(DOC_TOKEN),
            "https://mycompany.com:443/myapp.php?foo=1&bar=2",
            params,
            DOC_SIGNATURE,
            true),
        Arguments.of(
            "signed with the default port, checked without it",
            List.of(DOC_TOKEN),
            url,
            params,
            TwilioSigning.sign(
                DOC_TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", params),
            true),
        Arguments.of(
            "http signed with port 80, checked without it",
            List.of(DOC_TOKEN),
            "http://mycompany.com/a?x=1",
            params,
            TwilioSigning.sign(DOC_TOKEN, "http://mycompany.com:80/a?x=1", params),
            true),
        Arguments.of(
            "an encoded query, signed without the port, checked with it",
            List.of("primary-token", DOC_TOKEN),
            "https://mycompany.com:8443/a%20b?x=%26y",
            params,
            TwilioSigning.sign(DOC_TOKEN, "https://mycompany.com/a%20b?x=%26y", params),
            false),
        Arguments.of(
            "a URL that does not parse",
            List.of(DOC_TOKEN),
            "https://mycompany.com:99999999999/ bad",
            params,
            TwilioSigning.sign(DOC_TOKEN, "https://mycompany.com:99999999999/ bad", params),
            true),
        Arguments.of(
            "the secondary token with the other port form",
            List.of("primary-token", DOC_TOKEN),
            "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
            params,
            DOC_SIGNATURE,
            true),
        Arguments.of("signature missing", List.of(DOC_TOKEN), url, params, null, false),
        Arguments.of("signature blank", List.of(DOC_TOKEN), url, params, " ", false),
        Arguments.of(
            "signature garbage", List.of(DOC_TOKEN), url, params, "not-base64-at-all", false),
        Arguments.of("the wrong token", List.of("54321"), url, params, DOC_SIGNATURE, false),
        Arguments.of(
            "signed with the secondary token",
            List.of("primary-token", DOC_TOKEN),
            url,
            params,
            DOC_SIGNATURE,
            true),
        Arguments.of(
            "signed with the primary token while a secondary exists",
            List.of(DOC_TOKEN, "secondary-token"),
            url,
            params,
            DOC_SIGNATURE,
            true),
        Arguments.of("no token configured", List.of(), url, params, DOC_SIGNATURE, false),
        Arguments.of(
            "a blank token is ignored", List.of("", DOC_TOKEN), url, params, DOC_SIGNATURE, true),
        Arguments.of(
            "unicode body signed over UTF-8",
            List.of(DOC_TOKEN),
            url,
            with(params, "Body", "Grüße 👋"),
            TwilioSigning.sign(DOC_TOKEN, url, with(params, "Body", "Grüße 👋")),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifiesOnlyWhatTwilioSigned(
      String name,
      List<String> tokens,
      String url,
      Map<String, String> params,
      String signature,
      boolean expected) {
    SignatureVerifier verifier = new SignatureVerifier(tokens);
    assertEquals(expected, verifier.verify(url, params, signature), name);
    assertEquals(expected, verifier.verify(url, params, signature), name + " (Mac reused)");
    // Our verifier must accept exactly what the SDK's RequestValidator accepts.
    boolean sdk =
        signature != null
            && tokens.stream()
                .filter(t -> !t.isBlank())
                .anyMatch(t -> new RequestValidator(t).validate(url, params, signature));
    assertEquals(sdk, expected, name + ": the SDK disagrees with the expectation");
  }
}
