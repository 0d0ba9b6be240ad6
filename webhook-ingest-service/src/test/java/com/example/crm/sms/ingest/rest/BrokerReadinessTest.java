package com.example.crm.sms.ingest.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.ingest.HealthCalls;
import com.example.crm.sms.ingest.HealthCalls.Answer;
import com.example.crm.sms.ingest.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Readiness and liveness answer from cached state: with the broker gone and webhooks stuck waiting
 * for it, every health call still answers at once, and readiness goes DOWN (naming the broker)
 * within a bounded time, not at the first slow moment. Its own broker, which the test stops.
 */
@QuarkusTest
@TestProfile(BrokerReadinessTest.OwnBroker.class)
class BrokerReadinessTest {

  static final Duration PUBLISH_TIMEOUT = Duration.ofMillis(1500);
  static final Duration HEALTH_ANSWER = Duration.ofMillis(200);

  /** A broker of its own (not BrokerOutageTest's profile, whose broker that test stops). */
  public static class OwnBroker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>();
      config.put("sms.ingest.publish-timeout", PUBLISH_TIMEOUT.toMillis() + "ms");
      config.put("sms.ingest.broker-probe-interval", "250ms");
      config.put("sms.ingest.kafka.request-timeout-ms", "1000");
      config.put("sms.ingest.kafka.delivery-timeout-ms", "2000");
      config.put("sms.ingest.kafka.max-block-ms", "1000");
      return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(PrivateBrokerResource.class));
    }
  }

  /** The private broker; the test stops it. */
  AutoCloseable broker;

  @Test
  void healthAnswersAtOnceWhilePublishesAreStuckAndReadinessGoesDownForAGoneBroker()
      throws Exception {
    Answer ready = HealthCalls.get("/q/health/ready");
    assertEquals(200, ready.status(), ready.body());
    assertTrue(ready.body().contains("Kafka connection health check"), ready.body());
    Webhooks.postSigned("/twilio/status", Webhooks.status(Webhooks.newMessageSid(), "sent"))
        .statusCode(200);

    broker.close();
    // Webhooks keep arriving and wait for the gone broker until their 503.
    AtomicBoolean posting = new AtomicBoolean(true);
    AtomicInteger unavailable = new AtomicInteger();
    ExecutorService twilio = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 8; i++) {
      twilio.execute(
          () -> {
            while (posting.get()) {
              int status =
                  Webhooks.postSigned(
                          "/twilio/messages",
                          Webhooks.inbound(Webhooks.newMessageSid(), "+12394267058", "stuck"))
                      .extract()
                      .statusCode();
              if (status == 503) {
                unavailable.incrementAndGet();
              }
            }
          });
    }
    try {
      List<String> slow = new ArrayList<>();
      long start = System.nanoTime();
      long bound = PUBLISH_TIMEOUT.plusSeconds(8).toNanos();
      Answer last = null;
      while (System.nanoTime() - start < bound) {
        for (String path : List.of("/q/health/ready", "/q/health/live")) {
          Answer answer = HealthCalls.get(path);
          if (answer.took().compareTo(HEALTH_ANSWER) >= 0) {
            slow.add(path + " took " + answer.took().toMillis() + " ms");
          }
          if (path.endsWith("ready")) {
            last = answer;
          } else {
            assertEquals(200, answer.status(), "alive all along: " + answer.body());
          }
        }
        if (last.status() == 503 && unavailable.get() > 0) {
          break;
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
      Duration tookDown = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(503, last.status(), "not ready " + tookDown + " after the broker went");
      assertTrue(last.body().contains("no answer from the broker"), "says why: " + last.body());
      assertTrue(unavailable.get() > 0, "webhooks were stuck and answered 503 meanwhile");
      assertTrue(slow.isEmpty(), "every health call answered within 200 ms: " + slow);
    } finally {
      posting.set(false);
      twilio.shutdown();
      assertTrue(twilio.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
}
