package com.example.crm.sms.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tokens as a secret made from a file delivers them (kubectl create secret --from-file): with a
 * trailing newline. They are trimmed, so Twilio's signatures, made with the bare token, verify.
 */
@QuarkusTest
@TestProfile(AuthTokenWhitespaceTest.TokensWithNewlines.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class AuthTokenWhitespaceTest {

  public static class TokensWithNewlines implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sms.twilio.auth-token", TwilioSigning.PRIMARY + "\n",
          "sms.twilio.auth-token-secondary", " " + TwilioSigning.SECONDARY + "\r\n");
    }
  }

  @Test
  void webhooksSignedWithTheTrimmedTokensAreAccepted() {
    String sid = Webhooks.newMessageSid();
    Webhooks.postSigned("/twilio/status", Webhooks.status(sid, "sent")).statusCode(200);
    Map<String, String> params = Webhooks.status(sid, "delivered");
    String url = TwilioSigning.PUBLIC_URL + "/twilio/status";
    Webhooks.post(
            "/twilio/status", params, TwilioSigning.sign(TwilioSigning.SECONDARY, url, params))
        .statusCode(200);
    assertEquals(
        2,
        TestKafka.read(Topics.STATUS, r -> sid.equals(r.key()), 2, Duration.ofSeconds(15)).size());
    given()
        .get(com.example.crm.sms.ingest.Management.url("/q/health/ready"))
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"));
  }
}
