package com.example.crm.sms.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation on but no token configured: the service starts, is not ready, and answers 503. */
@QuarkusTest
@TestProfile(MissingAuthTokenTest.NoToken.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class MissingAuthTokenTest {

  public static class NoToken implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sms.twilio.auth-token", "", "sms.twilio.auth-token-secondary", "");
    }
  }

  @Test
  void webhooksAreAnswered503AndReadinessIsDown() {
    Webhooks.postSigned("/twilio/status", Webhooks.status(Webhooks.newMessageSid(), "sent"))
        .statusCode(503)
        .contentType("application/problem+json")
        .body(
            "detail", equalTo("Signature validation is on but no Twilio auth token is configured"));
    given()
        .get(com.example.crm.sms.ingest.Management.url("/q/health/ready"))
        .then()
        .statusCode(503)
        .body(
            "checks.findAll { it.status == 'DOWN' }.name", hasItem("Twilio signature validation"));
  }
}
