package com.example.crm.sms.ingest.rest;

import static org.hamcrest.Matchers.equalTo;

import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The benchmark's unsigned no-op endpoint does not exist unless explicitly enabled. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class NoopWebhookResourceTest {

  @Test
  void noopEndpointIsNotFoundByDefault() {
    Webhooks.post(
            "/twilio/noop", Webhooks.inbound(Webhooks.newMessageSid(), "+12394267058", "hi"), null)
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
  }
}
