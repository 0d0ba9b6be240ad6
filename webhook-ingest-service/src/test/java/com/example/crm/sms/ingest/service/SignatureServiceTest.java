package com.example.crm.sms.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.twilio.TwilioSignature;
import com.example.crm.sms.ingest.config.IngestConfig;
import com.example.crm.sms.ingest.config.TwilioConfig;
import com.example.crm.sms.ingest.service.SignatureService.Verdict;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How configured tokens are read: trimmed, and a placeholder refused in the prod profile. */
class SignatureServiceTest {

  private static final String URL = "https://ingest.example.com/twilio/status";
  private static final Map<String, String> PARAMS =
      Map.of("MessageSid", "SM1", "MessageStatus", "delivered");

  private static String signedWith(String token) {
    return TwilioSignature.sign(token, URL, PARAMS);
  }

  static Stream<Arguments> tokensWithWhitespace() {
    return Stream.of(
        Arguments.of("primary with a trailing LF (kubectl --from-file)", "tok-primary\n", null),
        Arguments.of("primary with a trailing CR LF", "tok-primary\r\n", null),
        Arguments.of("primary with spaces and a tab", "  tok-primary\t", null),
        Arguments.of("secondary with a trailing LF", null, "tok-primary\n"),
        Arguments.of("secondary padded, primary another", "other-token", "\ttok-primary \r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokensWithWhitespace")
  void aTokenWithSurroundingWhitespaceVerifiesSignaturesMadeWithTheTrimmedToken(
      String name, String primary, String secondary) {
    SignatureService service = service(primary, secondary, true, true);
    assertEquals(Verdict.VALID, service.check(URL, PARAMS, signedWith("tok-primary")));
    assertNull(service.misconfiguration());
    assertEquals(
        Verdict.INVALID,
        service.check(URL, PARAMS, signedWith("tok-primary\n")),
        "the newline is no part of the token");
  }

  @Test
  void aTokenOfOnlyWhitespaceIsNotSet() {
    SignatureService service = service("\n", " \r\n", true, false);
    assertNotNull(service.misconfiguration());
    assertEquals("SMS_TWILIO_AUTH_TOKEN is not set", service.misconfiguration());
    assertEquals(Verdict.NO_TOKEN, service.check(URL, PARAMS, signedWith("\n")));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {"change-me-twilio-auth-token", "change-me-", "CHANGE-ME-please", " change-me-x\n"})
  void aPlaceholderIsRefusedInTheProdProfileEvenWhenItSignedTheWebhook(String placeholder) {
    SignatureService service = service(placeholder, null, true, true);
    assertEquals(
        Verdict.PLACEHOLDER_TOKEN, service.check(URL, PARAMS, signedWith(placeholder.strip())));
    assertNotNull(service.misconfiguration());
    String reason = service.misconfiguration();
    assertTrue(reason.startsWith("SMS_TWILIO_AUTH_TOKEN is a placeholder"), reason);
    assertFalse(reason.contains(placeholder.strip()), "never the value: " + reason);
  }

  @Test
  void aPlaceholderSecondaryIsRefusedTooAndNamed() {
    SignatureService service = service("real-token", "change-me-old-token", true, true);
    assertEquals(Verdict.PLACEHOLDER_TOKEN, service.check(URL, PARAMS, signedWith("real-token")));
    assertTrue(
        service.misconfiguration().startsWith("SMS_TWILIO_AUTH_TOKEN_SECONDARY is a placeholder"),
        service.misconfiguration());
  }

  @Test
  void outsideTheProdProfileAPlaceholderIsAnOrdinaryToken() {
    SignatureService service = service("change-me-twilio-auth-token", null, true, false);
    assertEquals(
        Verdict.VALID, service.check(URL, PARAMS, signedWith("change-me-twilio-auth-token")));
    assertNull(service.misconfiguration());
  }

  @Test
  void withValidationOffNothingIsMisconfigured() {
    SignatureService service = service("change-me-twilio-auth-token", null, false, true);
    assertEquals(Verdict.SKIPPED, service.check(URL, PARAMS, null));
    assertNull(service.misconfiguration());
  }

  private static final IngestConfig INGEST =
      new IngestConfig() {
        @Override
        public String publicUrl() {
          return "https://ingest.example.com";
        }

        @Override
        public boolean trustForwardedHeaders() {
          return false;
        }

        @Override
        public Duration publishTimeout() {
          return Duration.ofSeconds(3);
        }

        @Override
        public Duration brokerProbeInterval() {
          return Duration.ofSeconds(1);
        }

        @Override
        public int maxPendingEvents() {
          return 10_000;
        }

        @Override
        public Kafka kafka() {
          throw new UnsupportedOperationException();
        }
      };

  private static SignatureService service(
      String primary, String secondary, boolean validation, boolean refusePlaceholders) {
    TwilioConfig twilio =
        new TwilioConfig() {
          @Override
          public Optional<String> authToken() {
            return Optional.ofNullable(primary);
          }

          @Override
          public Optional<String> authTokenSecondary() {
            return Optional.ofNullable(secondary);
          }

          @Override
          public boolean signatureValidation() {
            return validation;
          }
        };
    return new SignatureService(INGEST, twilio, refusePlaceholders);
  }
}
