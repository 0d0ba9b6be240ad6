package com.example.crm.sms.ingest.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.Topics;
import com.example.crm.sms.ingest.Meters;
import com.example.crm.sms.ingest.Webhooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Rule 1 (docs/architecture.md) on a broker that goes away: every webhook answered 200 is on the
 * broker, and once the broker is gone the service answers 503 within the publish timeout, so Twilio
 * can try its fallback URL instead of waiting out its own 15 s.
 */
@QuarkusTest
@TestProfile(BrokerOutageTest.PrivateBroker.class)
class BrokerOutageTest {

  static final Duration PUBLISH_TIMEOUT = Duration.ofMillis(1500);

  /** Its own broker, a short publish timeout, and producers that give up quickly. */
  public static class PrivateBroker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>();
      config.put("sms.ingest.publish-timeout", PUBLISH_TIMEOUT.toMillis() + "ms");
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

  @ConfigProperty(name = "private-broker.bootstrap.servers")
  String bootstrapServers;

  @Inject MeterRegistry registry;

  @Test
  void everyAcknowledgedWebhookIsOnTheBrokerAndAStoppedBrokerGives503WithinTheTimeout()
      throws Exception {
    // 1. Broker up: concurrent webhooks, every 200 must be on the broker.
    Map<String, Integer> answered = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> posts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String sid = Webhooks.newMessageSid();
      posts.add(
          CompletableFuture.runAsync(
              () ->
                  answered.put(
                      sid,
                      Webhooks.postSigned(
                              "/twilio/messages",
                              Webhooks.inbound(sid, "+12394267058", "before the outage"))
                          .extract()
                          .statusCode())));
    }
    posts.forEach(CompletableFuture::join);
    Set<String> ok =
        Set.copyOf(
            answered.entrySet().stream()
                .filter(e -> e.getValue() == 200)
                .map(Map.Entry::getKey)
                .toList());
    assertEquals(30, ok.size(), "all answered 200 while the broker is up: " + answered);
    Set<String> onBroker = readSids(Topics.INBOUND, ok.size(), Duration.ofSeconds(20));
    assertTrue(onBroker.containsAll(ok), "every webhook answered 200 is on the broker");

    // 2. Broker stopped: 503 problem+json, fast, and counted.
    broker.close();
    double unavailableBefore =
        Meters.count(registry, WebhookMetrics.WEBHOOKS, "kind", "status", "outcome", "unavailable");
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      Webhooks.postSigned("/twilio/status", Webhooks.status(Webhooks.newMessageSid(), "sent"))
          .statusCode(503)
          .contentType("application/problem+json")
          .header("Retry-After", PublishOutcomeMapper.RETRY_AFTER_SECONDS)
          .body("status", equalTo(503));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(
          took.compareTo(PUBLISH_TIMEOUT.plusSeconds(2)) < 0,
          "503 within the publish timeout, took " + took);
    }
    assertEquals(
        unavailableBefore + 3,
        Meters.count(
            registry, WebhookMetrics.WEBHOOKS, "kind", "status", "outcome", "unavailable"));
    // Concurrent requests during the outage all fail fast too: none hangs on a full buffer, and no
    // event loop waits for metadata the producer lost (each would hold its other requests up).
    ExecutorService clients = Executors.newFixedThreadPool(12);
    try {
      long start = System.nanoTime();
      List<CompletableFuture<Integer>> during =
          IntStream.range(0, 12)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () ->
                              Webhooks.postSigned(
                                      "/twilio/messages",
                                      Webhooks.inbound(
                                          Webhooks.newMessageSid(), "+12394267058", "during"))
                                  .extract()
                                  .statusCode(),
                          clients))
              .toList();
      List<Integer> codes = during.stream().map(CompletableFuture::join).toList();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(codes.stream().allMatch(c -> c == 503), "all 503 during the outage: " + codes);
      assertTrue(
          took.compareTo(PUBLISH_TIMEOUT.plusSeconds(1)) < 0,
          "12 concurrent webhooks answered within the publish timeout, took " + took);
    } finally {
      clients.shutdownNow();
    }
  }

  private Set<String> readSids(String topic, int count, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Set<String> sids = ConcurrentHashMap.newKeySet();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (sids.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          sids.add(r.value().replaceAll(".*\"messageSid\":\"(SM[0-9a-f]+)\".*", "$1"));
        }
      }
    }
    return sids;
  }
}
