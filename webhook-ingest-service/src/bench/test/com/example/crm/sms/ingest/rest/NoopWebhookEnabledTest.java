package com.example.crm.sms.ingest.rest;

import static org.hamcrest.Matchers.equalTo;

import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The bench build (-Pbench): the baseline answers the webhook's empty TwiML unsigned. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class NoopWebhookEnabledTest {

  @Test
  void enabledNoopEndpointAnswersEmptyTwimlWithoutSignature() {
    Webhooks.post(
            "/twilio/noop", Webhooks.inbound(Webhooks.newMessageSid(), "+12394267058", "hi"), null)
        .statusCode(200)
        .contentType("text/xml")
        .body(equalTo(WebhookAnswers.EMPTY_TWIML));
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
