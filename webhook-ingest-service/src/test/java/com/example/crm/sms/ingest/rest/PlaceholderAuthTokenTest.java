package com.example.crm.sms.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.Topics;
import com.example.crm.sms.ingest.TwilioSigning;
import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The prod profile with .env.example's placeholder token: it is public, so it is refused. The
 * service starts but is not ready, says why once in the log (never the value), and answers 503 to a
 * webhook signed with the placeholder, publishing nothing.
 */
@QuarkusTest
@TestProfile(PlaceholderAuthTokenTest.ProdWithPlaceholder.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class PlaceholderAuthTokenTest {

  static final String PLACEHOLDER = "change-me-twilio-auth-token";

  public static class ProdWithPlaceholder implements QuarkusTestProfile {
    @Override
    public String getConfigProfile() {
      return "prod";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sms.twilio.auth-token",
          PLACEHOLDER,
          "sms.twilio.auth-token-secondary",
          "",
          "sms.ingest.public-url",
          TwilioSigning.PUBLIC_URL,
          // The log of this start alone, to count its lines.
          "quarkus.log.file.enabled",
          "true",
          "quarkus.log.file.path",
          "target/placeholder-token-"
              + ProcessHandle.current().pid()
              + "-"
              + System.nanoTime()
              + ".log",
          "quarkus.log.category.\"org.apache.kafka\".level",
          "WARN");
    }
  }

  @Test
  void placeholderTokenMakesTheServiceNotReadyWithOneClearLogLine() throws Exception {
    given()
        .get(com.example.crm.sms.ingest.Management.url("/q/health/ready"))
        .then()
        .statusCode(503)
        .body("checks.find { it.name == 'Twilio signature validation' }.status", equalTo("DOWN"))
        .body(
            "checks.find { it.name == 'Twilio signature validation' }.data.reason",
            containsString("SMS_TWILIO_AUTH_TOKEN is a placeholder"))
        .body(not(containsString(PLACEHOLDER)));

    Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    // SmallRye Health adds its own INFO line (SRHCK01001) on every readiness call while DOWN.
    List<String> about =
        lines.stream()
            .filter(l -> l.contains("SMS_TWILIO_AUTH_TOKEN") && !l.contains("SRHCK01001"))
            .toList();
    assertEquals(1, about.size(), "one line about the token: " + about);
    assertTrue(about.get(0).contains("ERROR"), about.get(0));
    assertTrue(about.get(0).contains("placeholder"), about.get(0));
    assertTrue(lines.stream().noneMatch(l -> l.contains(PLACEHOLDER)), "the value is never logged");
  }

  @Test
  void aWebhookSignedWithThePlaceholderIsNotAccepted() {
    String sid = Webhooks.newMessageSid();
    Map<String, String> params = Webhooks.status(sid, "delivered");
    Webhooks.post(
            "/twilio/status",
            params,
            TwilioSigning.sign(PLACEHOLDER, TwilioSigning.PUBLIC_URL + "/twilio/status", params))
        .statusCode(503)
        .contentType("application/problem+json")
        .body("detail", containsString("placeholder"));
    assertEquals(
        0,
        TestKafka.read(Topics.STATUS, r -> sid.equals(r.key()), 1, Duration.ofSeconds(3)).size());
  }
}
