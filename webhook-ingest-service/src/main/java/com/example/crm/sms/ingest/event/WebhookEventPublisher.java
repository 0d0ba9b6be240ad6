package com.example.crm.sms.ingest.event;

import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes webhook events and completes only when Kafka acknowledged them (acks=all, idempotent:
 * KafkaProducerSettings); no acknowledgement within the publish timeout ({@link PublishDeadlines})
 * fails it (rule 1, docs/architecture.md). What the Uni emits or fails with is the caller's {@link
 * PublishAnswer}.
 *
 * <p>{@code send} runs on the calling event loop only once the topic's metadata is known ({@link
 * TopicMetadata}), so it never waits for the broker there; before that the send waits on the
 * metadata thread, never on a worker. Either way the deadline runs from the webhook's arrival, so
 * nothing it waits for stretches its 503 past the publish timeout. The number of events waiting for
 * Kafka is bounded, so the producer's buffer never fills and blocks.
 */
@ApplicationScoped
public class WebhookEventPublisher {

  private static final Logger LOG = Logger.getLogger(WebhookEventPublisher.class);

  private final Producer<String, Object> producer;
  private final TopicMetadata metadata;
  private final PublishDeadlines deadlines;
  private final PublishMetrics metrics;
  private final int maxPending;
  private final AtomicInteger pending = new AtomicInteger();

  @Inject
  public WebhookEventPublisher(
      Producer<String, Object> producer,
      TopicMetadata metadata,
      PublishDeadlines deadlines,
      PublishMetrics metrics,
      IngestConfig config) {
    this(producer, metadata, deadlines, metrics, config.maxPendingEvents());
  }

  WebhookEventPublisher(
      Producer<String, Object> producer,
      TopicMetadata metadata,
      PublishDeadlines deadlines,
      PublishMetrics metrics,
      int maxPending) {
    this.producer = producer;
    this.metadata = metadata;
    this.deadlines = deadlines;
    this.metrics = metrics;
    this.maxPending = maxPending;
  }

  /**
   * Keyed by the sender, so one sender's texts stay in order.
   *
   * @param arrivedAt System.nanoTime() when the webhook arrived: the publish timeout runs from it
   */
  public <T> Uni<T> publish(
      InboundMessageReceivedEvent event, long arrivedAt, PublishAnswer<T> answer) {
    return send(Topics.INBOUND, event.from(), event, arrivedAt, answer);
  }

  /** Keyed by MessageSid, so one message's statuses stay together. */
  public <T> Uni<T> publish(
      MessageStatusReportedEvent event, long arrivedAt, PublishAnswer<T> answer) {
    return send(Topics.STATUS, event.messageSid(), event, arrivedAt, answer);
  }

  private <T> Uni<T> send(
      String topic, String key, Object event, long arrivedAt, PublishAnswer<T> answer) {
    return Uni.createFrom()
        .emitter(emitter -> start(topic, key, event, arrivedAt, emitter, answer));
  }

  private <T> void start(
      String topic,
      String key,
      Object event,
      long arrivedAt,
      UniEmitter<? super T> emitter,
      PublishAnswer<T> answer) {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      logFailure(topic, PublishOutcome.BACKLOG, null);
      emitter.fail(answer.notAcknowledged(PublishOutcome.BACKLOG));
      return;
    }
    InFlight<T> publish = new InFlight<>(topic, emitter, answer, metrics.start());
    // On the webhook's own thread, from its arrival: whatever it waited for counts against it.
    deadlines.watch(publish, arrivedAt);
    ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, event);
    if (metadata.known(topic)) {
      hand(record, publish);
    } else {
      metadata.whenKnown(topic, () -> handUnlessAnswered(record, publish));
    }
  }

  /**
   * A send that waited for the topic's metadata: if its deadline already gave the webhook its 503,
   * it is dropped rather than published, since Twilio is already trying the fallback URL.
   */
  private void handUnlessAnswered(ProducerRecord<String, Object> record, InFlight<?> publish) {
    if (publish.get()) {
      pending.decrementAndGet();
      return;
    }
    hand(record, publish);
  }

  private void hand(ProducerRecord<String, Object> record, InFlight<?> publish) {
    try {
      producer.send(record, publish);
    } catch (RuntimeException e) {
      // send() itself failed (no metadata within max.block.ms, a closed producer).
      publish.onCompletion(null, e);
    }
  }

  /** One event handed to the producer: answered once, by Kafka or by its deadline. */
  private final class InFlight<T> extends PublishDeadlines.Watched implements Callback {

    private final String topic;
    private final UniEmitter<? super T> emitter;
    private final PublishAnswer<T> answer;
    private final Timer.Sample sample;

    InFlight(
        String topic, UniEmitter<? super T> emitter, PublishAnswer<T> answer, Timer.Sample sample) {
      this.topic = topic;
      this.emitter = emitter;
      this.answer = answer;
      this.sample = sample;
    }

    @Override
    public void onCompletion(RecordMetadata recordMetadata, Exception failure) {
      pending.decrementAndGet();
      PublishOutcome outcome = failure == null ? PublishOutcome.ACKED : PublishOutcome.FAILED;
      // The producer's answer is measured even when the webhook already got its 503.
      metrics.done(sample, topic, outcome);
      if (!claim()) {
        return;
      }
      if (failure == null) {
        emitter.complete(answer.acknowledged());
      } else {
        logFailure(topic, outcome, failure);
        emitter.fail(answer.notAcknowledged(outcome));
      }
    }

    @Override
    void expire() {
      logFailure(topic, PublishOutcome.TIMEOUT, null);
      emitter.fail(answer.notAcknowledged(PublishOutcome.TIMEOUT));
    }
  }

  private void logFailure(String topic, PublishOutcome outcome, Throwable failure) {
    // The event itself is not logged: it carries a person's text and number.
    LOG.warnf(
        "Kafka did not acknowledge an event for %s: %s",
        topic,
        switch (outcome) {
          case TIMEOUT -> "no answer within " + deadlines.timeout().toMillis() + " ms";
          case BACKLOG -> maxPending + " events already wait for Kafka";
          default -> String.valueOf(failure);
        });
  }
}
