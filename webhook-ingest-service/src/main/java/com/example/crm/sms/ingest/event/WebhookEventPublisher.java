package com.example.crm.sms.ingest.event;

import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
 * TopicMetadata}), so it never waits for the broker there; before that it runs on a worker. The
 * number of events waiting for Kafka is bounded, so the producer's buffer never fills and blocks.
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

  /** Keyed by the sender, so one sender's texts stay in order. */
  public <T> Uni<T> publish(InboundMessageReceivedEvent event, PublishAnswer<T> answer) {
    return send(Topics.INBOUND, event.from(), event, answer);
  }

  /** Keyed by MessageSid, so one message's statuses stay together. */
  public <T> Uni<T> publish(MessageStatusReportedEvent event, PublishAnswer<T> answer) {
    return send(Topics.STATUS, event.messageSid(), event, answer);
  }

  private <T> Uni<T> send(String topic, String key, Object event, PublishAnswer<T> answer) {
    Uni<T> acked = Uni.createFrom().emitter(emitter -> start(topic, key, event, emitter, answer));
    return metadata.known(topic)
        ? acked
        : acked.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private <T> void start(
      String topic,
      String key,
      Object event,
      UniEmitter<? super T> emitter,
      PublishAnswer<T> answer) {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      logFailure(topic, PublishOutcome.BACKLOG, null);
      emitter.fail(answer.notAcknowledged(PublishOutcome.BACKLOG));
      return;
    }
    InFlight<T> publish = new InFlight<>(topic, emitter, answer, metrics.start());
    deadlines.watch(publish);
    try {
      producer.send(new ProducerRecord<>(topic, key, event), publish);
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
      if (failure == null) {
        metadata.learned(topic);
      }
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
