package com.example.crm.sms.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.events.Topics;
import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SMS_TWILIO_SIGNATURE_VALIDATION=false: unsigned webhooks are accepted, and health says so. */
@QuarkusTest
@TestProfile(SignatureValidationOffTest.ValidationOff.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class SignatureValidationOffTest {

  public static class ValidationOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sms.twilio.signature-validation", "false");
    }
  }

  @Test
  void unsignedWebhookIsAcceptedOnlyWhenValidationIsExplicitlyOff() {
    String sid = Webhooks.newMessageSid();
    Webhooks.post("/twilio/status", Webhooks.status(sid, "delivered"), null).statusCode(200);
    assertEquals(
        1,
        TestKafka.read(Topics.STATUS, r -> sid.equals(r.key()), 1, Duration.ofSeconds(15)).size());
    given()
        .get(com.example.crm.sms.ingest.Management.url("/q/health/ready"))
        .then()
        .statusCode(200)
        .body(
            "checks.find { it.name == 'Twilio signature validation' }.data.validation",
            equalTo("off"));
  }
}
