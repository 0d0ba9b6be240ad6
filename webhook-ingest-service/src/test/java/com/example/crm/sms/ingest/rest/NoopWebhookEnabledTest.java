package com.example.crm.sms.ingest.rest;

import static org.hamcrest.Matchers.equalTo;

import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SMS_INGEST_BENCH_NOOP_ENABLED=true: the baseline answers the webhook's empty TwiML unsigned. */
@QuarkusTest
@TestProfile(NoopWebhookEnabledTest.NoopEnabled.class)
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class NoopWebhookEnabledTest {

  public static class NoopEnabled implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("ingest.bench.noop-enabled", "true");
    }
  }

  @Test
  void enabledNoopEndpointAnswersEmptyTwimlWithoutSignature() {
    Webhooks.post(
            "/twilio/noop", Webhooks.inbound(Webhooks.newMessageSid(), "+12394267058", "hi"), null)
        .statusCode(200)
        .contentType("text/xml")
        .body(equalTo(TwilioWebhookResource.EMPTY_TWIML));
  }

  @Test
  void signedWebhookStillRequiresSignatureWhenNoopIsEnabled() {
    Webhooks.post(
            "/twilio/messages",
            Webhooks.inbound(Webhooks.newMessageSid(), "+12394267058", "hi"),
            null)
        .statusCode(403);
  }
}
