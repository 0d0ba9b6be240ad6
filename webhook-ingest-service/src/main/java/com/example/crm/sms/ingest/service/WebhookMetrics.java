package com.example.crm.sms.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

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
    KAFKA_FAILED;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** 503: Twilio should try the fallback URL; everything else is the caller's fault. */
    boolean unavailable() {
      return this == NO_AUTH_TOKEN || this == KAFKA_TIMEOUT || this == KAFKA_FAILED;
    }
  }

  private final MeterRegistry registry;

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void accepted(Kind kind) {
    registry.counter(WEBHOOKS, "kind", kind.tag(), "outcome", "accepted").increment();
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

  public Timer.Sample startPublish() {
    return Timer.start(registry);
  }

  /**
   * @param outcome acked, timeout or failed
   */
  public void publishDone(Timer.Sample sample, String topic, String outcome) {
    sample.stop(
        Timer.builder(PUBLISH)
            .description("Time from handing an event to the producer until Kafka acknowledged it")
            .tags("topic", topic, "outcome", outcome)
            .publishPercentileHistogram()
            .register(registry));
  }

  /** For tests and the README: the current count of one counter, 0 when never incremented. */
  public double count(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }
}
