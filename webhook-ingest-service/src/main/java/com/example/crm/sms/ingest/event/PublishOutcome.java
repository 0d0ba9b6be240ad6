package com.example.crm.sms.ingest.event;

/** How a publish ended: the producer's answer, or the 503 given before it came. */
public enum PublishOutcome {
  /** Kafka acknowledged the event: the webhook may be answered 200. */
  ACKED,
  /** The producer refused or lost the event. */
  FAILED,
  /** Kafka did not answer within the publish timeout. */
  TIMEOUT,
  /** Too many events already wait for Kafka: this one was never handed over. */
  BACKLOG;

  String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
