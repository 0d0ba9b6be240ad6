package com.example.crm.sms.ingest.event;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.events.kafka.EventSerializer;
import com.example.crm.sms.ingest.config.IngestConfig;
import com.example.crm.sms.ingest.service.WebhookMetrics;
import com.example.crm.sms.ingest.service.WebhookMetrics.Kind;
import com.example.crm.sms.ingest.service.WebhookMetrics.Outcome;
import com.example.crm.sms.ingest.service.WebhookMetrics.Reason;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes webhook events and completes only when Kafka acknowledged them (acks=all, idempotent).
 * No acknowledgement within the configured time fails with a 503, so Twilio tries its fallback URL
 * well inside its 15 s limit.
 *
 * <p>It drives one Kafka producer itself rather than through a SmallRye emitter: every request
 * waits for its own acknowledgement, and the emitter's message, sink and sending-thread hop cost
 * about a third of the service's CPU per webhook (README.md, Benchmark). {@code send} runs on the
 * calling event loop only once the topic's metadata is known ({@code metadata.max.idle.ms} keeps
 * it), so it never waits for the broker there; before that it runs on a worker. The number of
 * events waiting for Kafka is bounded, so the producer's buffer never fills and blocks.
 */
@ApplicationScoped
public class WebhookEventPublisher {

  private static final Logger LOG = Logger.getLogger(WebhookEventPublisher.class);

  private final Producer<String, Object> producer;
  private final Map<String, Object> producerConfig;
  private final WebhookMetrics metrics;
  private final Duration timeout;
  private final int maxPending;
  private final AtomicInteger pending = new AtomicInteger();
  private final Set<String> topicsWithMetadata = ConcurrentHashMap.newKeySet();
  private final Queue<InFlight<?>> deadlines = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService sweeper;

  @Inject
  public WebhookEventPublisher(
      @Identifier("default-kafka-broker") Map<String, Object> kafka,
      IngestConfig config,
      WebhookMetrics metrics) {
    this(
        producerConfig(kafka, config.kafka()),
        settings -> new KafkaProducer<>(settings, new StringSerializer(), new EventSerializer<>()),
        metrics,
        config.publishTimeout(),
        config.kafka().maxPendingEvents());
  }

  /** With a producer of the caller's (tests use Kafka's MockProducer). */
  WebhookEventPublisher(
      Map<String, Object> producerConfig,
      Function<Map<String, Object>, Producer<String, Object>> producerFactory,
      WebhookMetrics metrics,
      Duration timeout,
      int maxPending) {
    this.producerConfig = producerConfig;
    this.producer = producerFactory.apply(producerConfig);
    this.metrics = metrics;
    metrics.bind(producer);
    this.timeout = timeout;
    this.maxPending = maxPending;
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "ingest-publish-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    // A 503 comes at most a tenth of the timeout (and 100 ms) after it.
    long period = Math.max(1, Math.min(100, timeout.toMillis() / 10));
    sweeper.scheduleWithFixedDelay(this::expireOverdue, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * The shared {@code kafka.*} settings (brokers, TLS, SASL) plus the ones durability depends on:
   * not settings, because a 200 promises Twilio that the event is safe.
   */
  static Map<String, Object> producerConfig(
      Map<String, Object> kafka, IngestConfig.Kafka settings) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, settings.maxInFlight());
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchSize());
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compressionType());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, settings.requestTimeoutMs());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, settings.deliveryTimeoutMs());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlockMs());
    // Topic metadata is kept as long as the producer lives, so send() never waits for it again:
    // not dropped when idle, and not thrown away for a new bootstrap when no broker answers (Kafka
    // 4's default), which made every send during an outage wait max.block.ms on its event loop.
    config.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Integer.MAX_VALUE);
    config.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "webhook-ingest-service");
    return Map.copyOf(config);
  }

  /** Events handed to the producer and not yet answered by it. */
  int pending() {
    return pending.get();
  }

  /** The configuration the producer was built with, for tests. */
  public Map<String, Object> producerConfig() {
    return producerConfig;
  }

  /** Fetches the topics' metadata off the event loop at start; a broker that is down is fine. */
  void warmUp(@Observes StartupEvent start) {
    for (String topic : List.of(Topics.INBOUND, Topics.STATUS)) {
      Infrastructure.getDefaultWorkerPool()
          .execute(
              () -> {
                try {
                  producer.partitionsFor(topic);
                  topicsWithMetadata.add(topic);
                } catch (RuntimeException e) {
                  LOG.warnf(
                      "No metadata for %s yet (%s); first sends go through a worker", topic, e);
                }
              });
    }
  }

  @PreDestroy
  void close() {
    // Sends still waiting get their chance; their requests are answered either way.
    producer.close(Duration.ofSeconds(5));
    sweeper.shutdownNow();
  }

  /**
   * Keyed by the sender, so one sender's texts stay in order.
   *
   * @param whenAcked what the Uni emits once Kafka acknowledged the event (the webhook's answer),
   *     after counting the webhook accepted: built by the producer's callback, so no operator is
   *     needed after the Uni, each of which would capture and restore the request's context again
   *     (README.md, Benchmark)
   */
  public <T> Uni<T> publish(InboundMessageReceivedEvent event, Supplier<T> whenAcked) {
    return send(Topics.INBOUND, event.from(), event, whenAcked);
  }

  /** Keyed by MessageSid, so one message's statuses stay together. */
  public <T> Uni<T> publish(MessageStatusReportedEvent event, Supplier<T> whenAcked) {
    return send(Topics.STATUS, event.messageSid(), event, whenAcked);
  }

  private <T> Uni<T> send(String topic, String key, Object event, Supplier<T> whenAcked) {
    Uni<T> acked =
        Uni.createFrom().emitter(emitter -> start(topic, key, event, emitter, whenAcked));
    return topicsWithMetadata.contains(topic)
        ? acked
        : acked.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private <T> void start(
      String topic,
      String key,
      Object event,
      UniEmitter<? super T> emitter,
      Supplier<T> whenAcked) {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      emitter.fail(unavailable(topic, new PublishFailedException(Outcome.BACKLOG)));
      return;
    }
    InFlight<T> publish =
        new InFlight<>(
            topic,
            emitter,
            whenAcked,
            System.nanoTime() + timeout.toNanos(),
            metrics.startPublish());
    deadlines.add(publish);
    try {
      producer.send(new ProducerRecord<>(topic, key, event), publish);
    } catch (RuntimeException e) {
      // send() itself failed (no metadata within max.block.ms, a closed producer).
      publish.onCompletion(null, e);
    }
  }

  /**
   * Answers the webhooks whose deadline passed. Deadlines are now + a fixed timeout, so the queue
   * is in deadline order: the sweep stops at the first one still running. One queue and one timer
   * for all, rather than a timer scheduled and cancelled per webhook.
   */
  private void expireOverdue() {
    long now = System.nanoTime();
    InFlight<?> head;
    while ((head = deadlines.peek()) != null && (head.answered() || now - head.deadline >= 0)) {
      deadlines.poll();
      head.answer(Outcome.TIMEOUT, null);
    }
  }

  /** One event handed to the producer: answered once, by Kafka or by its deadline. */
  private final class InFlight<T> extends AtomicBoolean implements Callback {

    private final String topic;
    private final UniEmitter<? super T> emitter;
    private final Supplier<T> whenAcked;
    private final long deadline;
    private final Timer.Sample sample;

    InFlight(
        String topic,
        UniEmitter<? super T> emitter,
        Supplier<T> whenAcked,
        long deadline,
        Timer.Sample sample) {
      this.topic = topic;
      this.emitter = emitter;
      this.whenAcked = whenAcked;
      this.deadline = deadline;
      this.sample = sample;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception failure) {
      pending.decrementAndGet();
      // The producer's answer is measured even when the webhook already got its 503.
      metrics.publishDone(sample, topic, failure == null ? Outcome.ACKED : Outcome.FAILED);
      if (failure == null && !topicsWithMetadata.contains(topic)) {
        topicsWithMetadata.add(topic);
      }
      answer(failure == null ? Outcome.ACKED : Outcome.FAILED, failure);
    }

    boolean answered() {
      return get();
    }

    void answer(Outcome outcome, Throwable failure) {
      if (!compareAndSet(false, true)) {
        return;
      }
      if (outcome == Outcome.ACKED) {
        metrics.accepted(kindOf(topic));
        emitter.complete(whenAcked.get());
      } else {
        emitter.fail(
            unavailable(
                topic, outcome == Outcome.TIMEOUT ? new PublishFailedException(outcome) : failure));
      }
    }
  }

  private static Kind kindOf(String topic) {
    return Topics.INBOUND.equals(topic) ? Kind.INBOUND : Kind.STATUS;
  }

  private PublishFailedException unavailable(String topic, Throwable failure) {
    PublishFailedException problem =
        failure instanceof PublishFailedException known
            ? known
            : new PublishFailedException(Outcome.FAILED);
    metrics.rejected(
        kindOf(topic),
        switch (problem.outcome()) {
          case TIMEOUT -> Reason.KAFKA_TIMEOUT;
          case BACKLOG -> Reason.KAFKA_BACKLOG;
          default -> Reason.KAFKA_FAILED;
        });
    // The event itself is not logged: it carries a person's text and number.
    LOG.warnf(
        "Kafka did not acknowledge an event for %s: %s",
        topic,
        switch (problem.outcome()) {
          case TIMEOUT -> "no answer within " + timeout.toMillis() + " ms";
          case BACKLOG -> maxPending + " events already wait for Kafka";
          default -> failure.toString();
        });
    return problem;
  }

  /** The 503 answered when Kafka did not acknowledge; {@link #outcome()} tells the metric why. */
  public static final class PublishFailedException extends ProblemException {

    private final Outcome outcome;

    PublishFailedException(Outcome outcome) {
      super(
          Problem.of(
              503,
              "Service Unavailable",
              switch (outcome) {
                case TIMEOUT ->
                    "The event was not acknowledged by Kafka in time; retry or use the fallback URL";
                case BACKLOG ->
                    "Too many events are waiting for Kafka; retry or use the fallback URL";
                default ->
                    "The event could not be published to Kafka; retry or use the fallback URL";
              }));
      this.outcome = outcome;
    }

    public Outcome outcome() {
      return outcome;
    }
  }
}
