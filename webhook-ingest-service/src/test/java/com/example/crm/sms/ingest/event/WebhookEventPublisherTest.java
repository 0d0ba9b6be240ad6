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
import com.example.crm.sms.ingest.Meters;
import com.example.crm.sms.ingest.rest.PublishFailedException;
import com.example.crm.sms.ingest.rest.WebhookAnswers;
import com.example.crm.sms.ingest.rest.WebhookMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher's promise to the resource: done only when Kafka acknowledged, else a 503. The
 * answers are the resource's own (WebhookAnswers), so what is asserted is what Twilio gets.
 */
class WebhookEventPublisherTest {

  private static final String TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final WebhookAnswers answers = new WebhookAnswers(new WebhookMetrics(registry));
  private final List<Thread> sendingThreads = new CopyOnWriteArrayList<>();
  private final List<PublishDeadlines> deadlines = new ArrayList<>();
  private final MockProducer<String, Object> producer =
      new MockProducer<>(false, null, new StringSerializer(), noValueSerializer()) {
        @Override
        public synchronized Future<RecordMetadata> send(
            ProducerRecord<String, Object> record, Callback callback) {
          sendingThreads.add(Thread.currentThread());
          return super.send(record, callback);
        }
      };

  @AfterEach
  void stopDeadlines() {
    deadlines.forEach(PublishDeadlines::close);
  }

  private WebhookEventPublisher publisher(Duration timeout, int maxPending) {
    PublishDeadlines timer = new PublishDeadlines(timeout);
    deadlines.add(timer);
    return new WebhookEventPublisher(
        producer, new TopicMetadata(producer), timer, new PublishMetrics(registry), maxPending);
  }

  /** One event acknowledged, so the topic's metadata is known, as after the first webhook. */
  private WebhookEventPublisher warmPublisher(Duration timeout, int maxPending) {
    WebhookEventPublisher publisher = publisher(timeout, maxPending);
    UniAssertSubscriber<Response> first = send(publisher, event("+12394260000"));
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
    UniAssertSubscriber<Response> first = send(publisher, event("+12394267058"));
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    // A send without metadata may wait up to max.block.ms: never on the caller's event loop.
    assertNotEquals(Thread.currentThread(), sendingThreads.get(0));
    producer.completeNext();
    first.awaitItem(Duration.ofSeconds(2));

    send(publisher, event("+12394267058"));
    assertEquals(2, producer.history().size(), "handed over at once");
    assertEquals(Thread.currentThread(), sendingThreads.get(1));
  }

  @Test
  void aWebhookWaitingForTheTopicsMetadataGets503AtItsDeadlineAndIsNeverPublished()
      throws InterruptedException {
    CountDownLatch brokerAnswers = new CountDownLatch(1);
    MockProducer<String, Object> slowMetadata =
        new MockProducer<>(false, null, new StringSerializer(), noValueSerializer()) {
          @Override
          public List<PartitionInfo> partitionsFor(String topic) {
            try {
              // As a producer with no metadata yet waits (up to max.block.ms) for the broker.
              brokerAnswers.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.partitionsFor(topic);
          }
        };
    PublishDeadlines timer = new PublishDeadlines(Duration.ofMillis(300));
    deadlines.add(timer);
    TopicMetadata metadata = new TopicMetadata(slowMetadata);
    WebhookEventPublisher publisher =
        new WebhookEventPublisher(slowMetadata, metadata, timer, new PublishMetrics(registry), 1);
    long start = System.nanoTime();

    UniAssertSubscriber<Response> waiting = send(publisher, event("+12394267058"));

    PublishFailedException failure = failureOf(waiting, Duration.ofSeconds(5));
    assertEquals(PublishOutcome.TIMEOUT, failure.outcome());
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
        "the deadline ran while the send waited for the metadata");
    brokerAnswers.countDown();
    CountDownLatch drained = new CountDownLatch(1);
    metadata.whenKnown(Topics.INBOUND, drained::countDown);
    assertTrue(drained.await(5, TimeUnit.SECONDS));
    assertEquals(0, slowMetadata.history().size(), "answered 503 before it could be sent: dropped");

    // Its room is free again: with a backlog limit of one, the next event is handed over at once.
    UniAssertSubscriber<Response> next = send(publisher, event("+12394267058"));
    assertEquals(1, slowMetadata.history().size());
    slowMetadata.completeNext();
    assertEquals(200, next.awaitItem(Duration.ofSeconds(2)).getItem().getStatus());
    metadata.close();
  }

  private UniAssertSubscriber<Response> send(
      WebhookEventPublisher publisher, InboundMessageReceivedEvent event) {
    return publisher
        .publish(event, System.nanoTime(), answers.inbound())
        .subscribe()
        .withSubscriber(UniAssertSubscriber.create());
  }

  private static PublishFailedException failureOf(
      UniAssertSubscriber<Response> result, Duration wait) {
    return assertInstanceOf(PublishFailedException.class, result.awaitFailure(wait).getFailure());
  }

  private static InboundMessageReceivedEvent event(String from) {
    return SampleEvents.inbound(
        SampleEvents.newSid(), from, "+12395550100", "hi", KeywordKind.NONE, Instant.now());
  }

  /**
   * Nothing waits for Kafka any more: {@code maxPending} new events are all handed to the producer,
   * none refused as a backlog (then they are acknowledged, so the room is left as found).
   */
  private void assertNothingPending(WebhookEventPublisher publisher, int maxPending) {
    int before = producer.history().size();
    List<UniAssertSubscriber<Response>> results = new ArrayList<>();
    for (int i = 0; i < maxPending; i++) {
      results.add(send(publisher, event("+1239426" + String.format("%04d", i))));
    }
    assertEquals(before + maxPending, producer.history().size(), "none refused as a backlog");
    while (producer.completeNext()) {
      // acknowledge them all
    }
    results.forEach(r -> r.awaitItem(Duration.ofSeconds(2)));
  }

  @Test
  void completesOnlyWhenKafkaAcknowledged() {
    WebhookEventPublisher publisher = warmPublisher(Duration.ofSeconds(5), 10);
    UniAssertSubscriber<Response> result = send(publisher, event("+12394267058"));

    assertEquals(1, producer.history().size());
    assertEquals(Topics.INBOUND, producer.history().get(0).topic());
    assertEquals("+12394267058", producer.history().get(0).key(), "keyed by the sender");
    result.assertNotTerminated(); // no answer before the acknowledgement

    producer.completeNext();
    Response answer = result.awaitItem(Duration.ofSeconds(2)).getItem();
    assertEquals(200, answer.getStatus(), "the caller's answer");
    assertEquals(TWIML, answer.getEntity());
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
            .find(PublishMetrics.PUBLISH)
            .tags("outcome", "acked")
            .timer()
            .count()); // with the warm-up event
    assertNothingPending(publisher, 10);
  }

  @Test
  void aRefusedRecordIsA503() {
    WebhookEventPublisher publisher = warmPublisher(Duration.ofSeconds(5), 10);
    UniAssertSubscriber<Response> result = send(publisher, event("+12394267058"));

    producer.errorNext(new NotEnoughReplicasException("only 1 of 2 in sync"));

    PublishFailedException failure = failureOf(result, Duration.ofSeconds(2));
    assertEquals(PublishOutcome.FAILED, failure.outcome());
    assertEquals(503, failure.problem().status());
    assertNothingPending(publisher, 10);
  }

  @Test
  void noAcknowledgementWithinTheTimeoutIsA503() {
    WebhookEventPublisher publisher = publisher(Duration.ofMillis(200), 10);
    long start = System.nanoTime();
    UniAssertSubscriber<Response> result = send(publisher, event("+12394267058"));

    PublishFailedException failure = failureOf(result, Duration.ofSeconds(5));
    assertEquals(PublishOutcome.TIMEOUT, failure.outcome());
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
        "answered at the timeout, not later");
    assertEquals(
        1.0,
        Meters.count(
            registry, WebhookMetrics.REJECTIONS, "kind", "inbound", "reason", "kafka_timeout"),
        "counted once, as a timeout");
  }

  @Test
  void beyondTheBacklogLimitWebhooksGet503AtOnceAndNothingIsHandedToKafka() {
    WebhookEventPublisher publisher = warmPublisher(Duration.ofSeconds(5), 2);
    send(publisher, event("+12394267001"));
    send(publisher, event("+12394267002"));

    UniAssertSubscriber<Response> third = send(publisher, event("+12394267003"));

    PublishFailedException failure = failureOf(third, Duration.ofSeconds(1));
    assertEquals(PublishOutcome.BACKLOG, failure.outcome());
    assertEquals(2, producer.history().size(), "the third event never reached the producer");

    // Once Kafka answers, there is room again.
    producer.completeNext();
    producer.completeNext();
    assertNothingPending(publisher, 2);
    UniAssertSubscriber<Response> fourth = send(publisher, event("+12394267004"));
    producer.completeNext();
    fourth.awaitItem(Duration.ofSeconds(2));
  }

  /**
   * MockProducer does not serialise unless given a serializer; the event's JSON is not tested here.
   */
  private static Serializer<Object> noValueSerializer() {
    return (topic, data) -> new byte[0];
  }
}
