package com.example.crm.sms.ingest.rest;

import static com.example.crm.sms.ingest.TwilioSigning.PRIMARY;
import static com.example.crm.sms.ingest.TwilioSigning.PUBLIC_URL;
import static com.example.crm.sms.ingest.TwilioSigning.sign;
import static io.restassured.RestAssured.given;

import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SMS_INGEST_TRUST_FORWARDED_HEADERS=true: the signed URL comes from the proxy's X-Forwarded-*. */
@QuarkusTest
@TestProfile(ForwardedHeadersTest.TrustForwarded.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ForwardedHeadersTest {

  public static class TrustForwarded implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sms.ingest.trust-forwarded-headers", "true");
    }
  }

  @Test
  void signatureIsCheckedAgainstTheForwardedUrl() {
    Map<String, String> params = Webhooks.status(Webhooks.newMessageSid(), "sent");
    String forwardedUrl = "https://edge.example:8443/sms/twilio/status";
    given()
        .contentType("application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", sign(PRIMARY, forwardedUrl, params))
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "edge.example")
        .header("X-Forwarded-Port", "8443")
        .header("X-Forwarded-Prefix", "/sms")
        .body(Webhooks.formBody(params))
        .post("/twilio/status")
        .then()
        .statusCode(200);
    // The same signature with other forwarded headers does not verify.
    given()
        .contentType("application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", sign(PRIMARY, forwardedUrl, params))
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "evil.example")
        .header("X-Forwarded-Port", "8443")
        .header("X-Forwarded-Prefix", "/sms")
        .body(Webhooks.formBody(params))
        .post("/twilio/status")
        .then()
        .statusCode(403);
    // Without forwarded headers the public URL still applies.
    Webhooks.post(
            "/twilio/status",
            Webhooks.status(params.get("MessageSid"), "delivered"),
            sign(
                PRIMARY,
                PUBLIC_URL + "/twilio/status",
                Webhooks.status(params.get("MessageSid"), "delivered")))
        .statusCode(200);
  }
}
