package com.example.crm.sms.ingest.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the webhooks were answered (Prometheus names in docs/webhook-ingest-service.md): webhooks by
 * kind and outcome, and rejections by reason. How long Kafka takes is event/PublishMetrics.
 */
@ApplicationScoped
public class WebhookMetrics {

  public static final String WEBHOOKS = "sms.ingest.webhooks";
  public static final String REJECTIONS = "sms.ingest.webhook.rejections";

  /** Which webhook: the path's last segment. */
  public enum Kind {
    INBOUND,
    STATUS,
    OTHER;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Kind ofPath(String path) {
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

  private final MeterRegistry registry;
  // Registered once: looking meters up by name and tags on every webhook showed in profiles.
  private final Map<Kind, Counter> accepted = new EnumMap<>(Kind.class);

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Kind kind : Kind.values()) {
      accepted.put(kind, registry.counter(WEBHOOKS, "kind", kind.tag(), "outcome", "accepted"));
    }
  }

  void accepted(Kind kind) {
    accepted.get(kind).increment();
  }

  void rejected(Kind kind, Reason reason) {
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
}
