package com.example.crm.sms.ingest.event;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.events.samples.SampleEvents;
import com.example.crm.sms.ingest.event.WebhookEventPublisher.PublishFailedException;
import com.example.crm.sms.ingest.service.WebhookMetrics;
import com.example.crm.sms.ingest.service.WebhookMetrics.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The publisher's promise to the resource: done only when Kafka acknowledged, else a 503. */
class WebhookEventPublisherTest {

  /** What the caller wants emitted once Kafka acknowledged (the resource: its HTTP answer). */
  private static final String ANSWER = "acked";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Thread> sendingThreads = new CopyOnWriteArrayList<>();
  private final MockProducer<String, Object> producer =
      new MockProducer<>(false, null, new StringSerializer(), noValueSerializer()) {
        @Override
        public synchronized Future<RecordMetadata> send(
            ProducerRecord<String, Object> record, Callback callback) {
          sendingThreads.add(Thread.currentThread());
          return super.send(record, callback);
        }
      };

  private WebhookEventPublisher publisher(Duration timeout, int maxPending) {
    return new WebhookEventPublisher(
        Map.of(), config -> producer, new WebhookMetrics(registry), timeout, maxPending);
  }

  /** One event acknowledged, so the topic's metadata is known, as after the first webhook. */
  private WebhookEventPublisher warmPublisher(Duration timeout, int maxPending) {
    WebhookEventPublisher publisher = publisher(timeout, maxPending);
    UniAssertSubscriber<String> first = send(publisher, event("+12394260000"));
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    producer.completeNext();
    first.awaitItem(Duration.ofSeconds(2));
    producer.clear();
    sendingThreads.clear();
    return publisher;
  }

  @Test
  void untilTheTopicIsKnownSendsRunOffTheCallersThreadAndAfterwardsOnIt() {
    WebhookEventPublisher publisher = publisher(Duration.ofSeconds(5), 10);
    UniAssertSubscriber<String> first = send(publisher, event("+12394267058"));
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    // A send without metadata may wait up to max.block.ms: never on the caller's event loop.
    assertNotEquals(Thread.currentThread(), sendingThreads.get(0));
    producer.completeNext();
    first.awaitItem(Duration.ofSeconds(2));

    send(publisher, event("+12394267058"));
    assertEquals(2, producer.history().size(), "handed over at once");
    assertEquals(Thread.currentThread(), sendingThreads.get(1));
  }

  private static UniAssertSubscriber<String> send(
      WebhookEventPublisher publisher, InboundMessageReceivedEvent event) {
    return publisher
        .publish(event, () -> ANSWER)
        .subscribe()
        .withSubscriber(UniAssertSubscriber.create());
  }

  private static PublishFailedException failureOf(
      UniAssertSubscriber<String> result, Duration wait) {
    return assertInstanceOf(PublishFailedException.class, result.awaitFailure(wait).getFailure());
  }

  private static InboundMessageReceivedEvent event(String from) {
    return SampleEvents.inbound(
        SampleEvents.newSid(), from, "+12395550100", "hi", KeywordKind.NONE, Instant.now());
  }

  @Test
  void completesOnlyWhenKafkaAcknowledged() {
    WebhookEventPublisher publisher = warmPublisher(Duration.ofSeconds(5), 10);
    UniAssertSubscriber<String> result = send(publisher, event("+12394267058"));

    assertEquals(1, producer.history().size());
    assertEquals(Topics.INBOUND, producer.history().get(0).topic());
    assertEquals("+12394267058", producer.history().get(0).key(), "keyed by the sender");
    result.assertNotTerminated(); // no answer before the acknowledgement

    producer.completeNext();
    assertEquals(ANSWER, result.awaitItem(Duration.ofSeconds(2)).getItem(), "the caller's answer");
    assertEquals(0, publisher.pending());
    assertEquals(
        2,
        registry
            .find(WebhookMetrics.WEBHOOKS)
            .tags("kind", "inbound", "outcome", "accepted")
            .counter()
            .count()); // counted on the acknowledgement, with the warm-up event
    assertEquals(
        2,
        registry
            .find(WebhookMetrics.PUBLISH)
            .tags("outcome", "acked")
            .timer()
            .count()); // with the warm-up event
  }

  @Test
  void aRefusedRecordIsA503() {
    WebhookEventPublisher publisher = warmPublisher(Duration.ofSeconds(5), 10);
    UniAssertSubscriber<String> result = send(publisher, event("+12394267058"));

    producer.errorNext(new NotEnoughReplicasException("only 1 of 2 in sync"));

    PublishFailedException failure = failureOf(result, Duration.ofSeconds(2));
    assertEquals(Outcome.FAILED, failure.outcome());
    assertEquals(503, failure.problem().status());
    assertEquals(0, publisher.pending());
  }

  @Test
  void noAcknowledgementWithinTheTimeoutIsA503() {
    WebhookEventPublisher publisher = publisher(Duration.ofMillis(200), 10);
    long start = System.nanoTime();
    UniAssertSubscriber<String> result = send(publisher, event("+12394267058"));

    PublishFailedException failure = failureOf(result, Duration.ofSeconds(5));
    assertEquals(Outcome.TIMEOUT, failure.outcome());
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
        "answered at the timeout, not later");
    assertEquals(
        1.0,
        new WebhookMetrics(registry)
            .count(WebhookMetrics.REJECTIONS, "kind", "inbound", "reason", "kafka_timeout"),
        "counted once, as a timeout");
  }

  @Test
  void beyondTheBacklogLimitWebhooksGet503AtOnceAndNothingIsHandedToKafka() {
    WebhookEventPublisher publisher = warmPublisher(Duration.ofSeconds(5), 2);
    send(publisher, event("+12394267001"));
    send(publisher, event("+12394267002"));

    UniAssertSubscriber<String> third = send(publisher, event("+12394267003"));

    PublishFailedException failure = failureOf(third, Duration.ofSeconds(1));
    assertEquals(Outcome.BACKLOG, failure.outcome());
    assertEquals(2, producer.history().size(), "the third event never reached the producer");

    // Once Kafka answers, there is room again.
    producer.completeNext();
    producer.completeNext();
    assertEquals(0, publisher.pending());
    UniAssertSubscriber<String> fourth = send(publisher, event("+12394267004"));
    producer.completeNext();
    fourth.awaitItem(Duration.ofSeconds(2));
  }

  @Test
  void durabilitySettingsCannotBeConfiguredAway() {
    Map<String, Object> config =
        WebhookEventPublisher.producerConfig(
            Map.of("bootstrap.servers", "broker:9092", "acks", "1", "enable.idempotence", "false"),
            new TestKafkaSettings());
    assertEquals("all", config.get("acks"));
    assertEquals("true", config.get("enable.idempotence"));
    assertEquals("broker:9092", config.get("bootstrap.servers"));
  }

  /**
   * MockProducer does not serialise unless given a serializer; the event's JSON is not tested here.
   */
  private static Serializer<Object> noValueSerializer() {
    return (topic, data) -> new byte[0];
  }

  private static final class TestKafkaSettings
      implements com.example.crm.sms.ingest.config.IngestConfig.Kafka {
    @Override
    public int lingerMs() {
      return 0;
    }

    @Override
    public int maxInFlight() {
      return 1;
    }

    @Override
    public int batchSize() {
      return 131072;
    }

    @Override
    public String compressionType() {
      return "none";
    }

    @Override
    public int requestTimeoutMs() {
      return 5000;
    }

    @Override
    public int deliveryTimeoutMs() {
      return 15000;
    }

    @Override
    public int maxBlockMs() {
      return 3000;
    }

    @Override
    public int maxPendingEvents() {
      return 10000;
    }
  }
}
