package com.example.crm.sms.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;

/**
 * The service's own meters (Prometheus names in README.md): webhooks by kind and outcome,
 * rejections by reason, and how long Kafka takes to acknowledge.
 */
@ApplicationScoped
public class WebhookMetrics {

  public static final String WEBHOOKS = "sms.ingest.webhooks";
  public static final String REJECTIONS = "sms.ingest.webhook.rejections";
  public static final String PUBLISH = "sms.ingest.kafka.publish";

  /** Which webhook: the path's last segment. */
  public enum Kind {
    INBOUND,
    STATUS,
    OTHER;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Kind ofPath(String path) {
      if (path.endsWith("/twilio/messages")) {
        return INBOUND;
      }
      return path.endsWith("/twilio/status") ? STATUS : OTHER;
    }
  }

  /** Why a webhook was not accepted. */
  public enum Reason {
    SIGNATURE_MISSING,
    SIGNATURE_INVALID,
    BAD_REQUEST,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    NO_AUTH_TOKEN,
    KAFKA_TIMEOUT,
    KAFKA_FAILED,
    KAFKA_BACKLOG;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** 503: Twilio should try the fallback URL; everything else is the caller's fault. */
    boolean unavailable() {
      return this == NO_AUTH_TOKEN
          || this == KAFKA_TIMEOUT
          || this == KAFKA_FAILED
          || this == KAFKA_BACKLOG;
    }
  }

  /** How a publish ended: the producer's answer, or the 503 given before it came. */
  public enum Outcome {
    ACKED,
    FAILED,
    TIMEOUT,
    BACKLOG;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  // Registered once: looking meters up by name and tags on every webhook showed in profiles.
  private final Map<Kind, Counter> accepted = new EnumMap<>(Kind.class);
  private final Map<String, Map<Outcome, Timer>> publishTimers = new ConcurrentHashMap<>();

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Kind kind : Kind.values()) {
      accepted.put(kind, registry.counter(WEBHOOKS, "kind", kind.tag(), "outcome", "accepted"));
    }
  }

  public void accepted(Kind kind) {
    accepted.get(kind).increment();
  }

  public void rejected(Kind kind, Reason reason) {
    registry
        .counter(
            WEBHOOKS,
            "kind",
            kind.tag(),
            "outcome",
            reason.unavailable() ? "unavailable" : "rejected")
        .increment();
    registry.counter(REJECTIONS, "kind", kind.tag(), "reason", reason.tag()).increment();
  }

  /** The producer's own metrics (kafka_producer_*: batching, latency, errors) on /q/metrics. */
  public void bind(Producer<?, ?> producer) {
    new KafkaClientMetrics(producer).bindTo(registry);
  }

  public Timer.Sample startPublish() {
    return Timer.start(registry);
  }

  /** Stops the sample when the producer answered (outcome acked or failed). */
  public void publishDone(Timer.Sample sample, String topic, Outcome outcome) {
    sample.stop(
        publishTimers
            .computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
            .computeIfAbsent(
                outcome,
                o ->
                    Timer.builder(PUBLISH)
                        .description(
                            "Time from handing an event to the producer until Kafka acknowledged it")
                        .tags("topic", topic, "outcome", o.tag())
                        .publishPercentileHistogram()
                        .register(registry)));
  }

  /** For tests and the README: the current count of one counter, 0 when never incremented. */
  public double count(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }
}
