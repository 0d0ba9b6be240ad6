package com.example.crm.sms.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Twilio credentials: trimmed wherever they come from; the placeholder refused in production. */
class CarrierSecretsTest {

  private static final String PLACEHOLDER = "change-me-twilio-auth-token";

  @TempDir Path dir;

  private static CarrierSecrets fromEnvironment(String accountSid, String authToken) {
    return new CarrierSecrets(
        Optional.ofNullable(accountSid),
        Optional.empty(),
        Optional.ofNullable(authToken),
        Optional.empty());
  }

  @Test
  void secretsFromTheEnvironmentAreTrimmed() {
    CarrierSecrets secrets = fromEnvironment("  AC0123\n", "\ttoken-0123\r\n");
    assertEquals(Optional.of("AC0123"), secrets.accountSid());
    assertEquals(Optional.of("token-0123"), secrets.authToken());
  }

  @Test
  void secretsFromAFileAreTrimmedAndTheEnvironmentWins() throws Exception {
    Path token = Files.writeString(dir.resolve("auth-token"), "token-from-file\n");
    Path sid = Files.writeString(dir.resolve("account-sid"), "\nAC-from-file \n");
    CarrierSecrets fromFiles =
        new CarrierSecrets(
            Optional.of("  "),
            Optional.of(sid.toString()),
            Optional.empty(),
            Optional.of(token.toString()));
    assertEquals(Optional.of("AC-from-file"), fromFiles.accountSid());
    assertEquals(Optional.of("token-from-file"), fromFiles.authToken());
    CarrierSecrets both =
        new CarrierSecrets(
            Optional.empty(),
            Optional.empty(),
            Optional.of("token-from-env"),
            Optional.of(token.toString()));
    assertEquals(Optional.of("token-from-env"), both.authToken());
  }

  @Test
  void anUnreadableFileStopsTheStartNamingTheFileNotTheSecret() {
    String missing = dir.resolve("missing").toString();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                new CarrierSecrets(
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(missing)));
    assertTrue(e.getMessage().contains("SMS_TWILIO_AUTH_TOKEN_FILE " + missing), e.getMessage());
  }

  /** Columns: the case; account SID; auth token; production?; readiness; what DOWN names. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "the placeholder token in production is DOWN        | -        | change-me-twilio-auth-token       | true  | DOWN | SMS_TWILIO_AUTH_TOKEN",
        "any change-me value is a placeholder               | change-me-sid | real-token-0123              | true  | DOWN | SMS_TWILIO_ACCOUNT_SID",
        "both placeholders are both named                   | change-me-sid | change-me-token              | true  | DOWN | SMS_TWILIO_ACCOUNT_SID and SMS_TWILIO_AUTH_TOKEN",
        "a real token in production is UP                   | AC0123   | real-token-0123                   | true  | UP   | -",
        "no token at all is not a placeholder               | -        | -                                 | true  | UP   | -",
        "the placeholder outside production is UP (dev, test) | -      | change-me-twilio-auth-token       | false | UP   | -",
      })
  void readinessRefusesThePlaceholderInProductionOnly(
      String name, String sid, String token, boolean production, String state, String named) {
    CarrierSecretsCheck check = new CarrierSecretsCheck(fromEnvironment(sid, token), production);
    HealthCheckResponse response = check.call().await().indefinitely();
    assertEquals(HealthCheckResponse.Status.valueOf(state), response.getStatus());
    assertEquals(CarrierSecretsCheck.NAME, response.getName());
    if (named != null) {
      String reason = String.valueOf(response.getData().orElseThrow().get("reason"));
      assertTrue(reason.startsWith(named + " still hold"), reason);
      assertFalse(reason.contains(PLACEHOLDER), "the reason never holds the secret: " + reason);
      assertFalse(reason.contains("real-token-0123"), reason);
    } else {
      assertTrue(response.getData().isEmpty() || response.getData().get().isEmpty());
    }
  }

  @Test
  void aPlaceholderWithATrailingNewlineIsStillThePlaceholder() {
    assertEquals(
        List.of("SMS_TWILIO_AUTH_TOKEN"),
        fromEnvironment("AC1", PLACEHOLDER + "\n").placeholders());
  }
}
