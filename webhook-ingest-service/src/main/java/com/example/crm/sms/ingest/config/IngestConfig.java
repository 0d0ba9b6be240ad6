package com.example.crm.sms.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings of the ingest service. Each property's environment variable is its name upper-cased
 * (sms.ingest.publish-timeout: SMS_INGEST_PUBLISH_TIMEOUT); README.md lists them all.
 */
@ConfigMapping(prefix = "sms.ingest")
public interface IngestConfig {

  /**
   * The base URL Twilio posts to (scheme, host, port, and any path prefix an ingress strips). The
   * signature is checked against this URL plus the request path and query string, because the
   * address this process sees behind an ingress is not the one Twilio signed.
   */
  @WithDefault("http://localhost:8083")
  String publicUrl();

  /**
   * Build the signed URL from X-Forwarded-Proto/Host/Port instead of {@link #publicUrl()}. Only
   * safe behind a proxy that overwrites those headers.
   */
  @WithDefault("false")
  boolean trustForwardedHeaders();

  /**
   * How long to wait for Kafka's acknowledgement before answering 503, counted from the webhook's
   * arrival. Also how long the broker may stay unanswering before readiness goes DOWN: a shorter
   * silence is a slow moment, not a broken service.
   */
  @WithDefault("3s")
  Duration publishTimeout();

  /**
   * How often a background probe asks the broker for its nodes; readiness reads the last answer (or
   * the last acknowledged event), so a health call never waits for the broker.
   */
  @WithDefault("1s")
  Duration brokerProbeInterval();

  /**
   * Events handed to the producer and not yet acknowledged; beyond this a webhook gets a 503 at
   * once instead of filling the producer's buffer (whose full state would block the thread).
   */
  @WithDefault("10000")
  int maxPendingEvents();

  Kafka kafka();

  /**
   * The producer of both topics (KafkaProducerSettings). acks=all and idempotence are fixed, not
   * settings; brokers, TLS and SASL come from the shared kafka.* settings.
   */
  interface Kafka {

    /** Producer linger.ms: 0, because every webhook waits for its own acknowledgement. */
    @WithDefault("0")
    int lingerMs();

    /**
     * Producer max.in.flight.requests.per.connection (1 to 5 with idempotence). With 1, the events
     * that arrive while a produce request is out go together in the next one: batches grow with the
     * load by themselves, and the broker handles fewer, larger requests.
     */
    @WithDefault("1")
    int maxInFlight();

    /** Producer batch.size in bytes: the most one partition's batch in one request may hold. */
    @WithDefault("131072")
    int batchSize();

    /** Producer compression.type: none, gzip, snappy, lz4 or zstd. */
    @WithDefault("none")
    String compressionType();

    /** Producer request.timeout.ms. */
    @WithDefault("5000")
    int requestTimeoutMs();

    /** Producer delivery.timeout.ms: how long a record already answered 503 may still go out. */
    @WithDefault("15000")
    int deliveryTimeoutMs();

    /** Producer max.block.ms: the longest a send may wait for metadata before failing. */
    @WithDefault("3000")
    int maxBlockMs();
  }
}
