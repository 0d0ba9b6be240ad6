package com.example.crm.sms.ingest.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's unsigned no-op endpoint is not in the production build: its class comes only with
 * -Pbench (src/bench/java), whose build excludes this test.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class NoopWebhookResourceTest {

  static final String NOOP_CLASS = "com.example.crm.sms.ingest.rest.NoopWebhookResource";

  @Test
  void noopEndpointIsNotFoundByDefault() {
    Webhooks.post(
            "/twilio/noop", Webhooks.inbound(Webhooks.newMessageSid(), "+12394267058", "hi"), null)
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
  }

  @Test
  void theNoopClassIsNotOnTheProductionClasspath() {
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName(NOOP_CLASS, false, Thread.currentThread().getContextClassLoader()));
  }
}
