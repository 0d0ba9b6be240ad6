package com.example.crm.sms.common.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Every setting of ours is named {@code SMS_…} since 2026-12-01 (the services' READMEs list the
 * renames). A variable still set under its old name would be ignored without a word, so each
 * service says so at start.
 */
@ApplicationScoped
public class RenamedSettings {

  private static final Logger LOG = Logger.getLogger(RenamedSettings.class);

  /** Old name to what replaced it, for every service (each reads only its own). */
  static final Map<String, String> RENAMED =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry(
                  "API_MAX_BODY_SIZE",
                  "SMS_GATEWAY_API_MAX_BODY_SIZE (gateway) or SMS_CONTACTS_API_MAX_BODY_SIZE (contacts)"),
              Map.entry("API_MAX_HEADER_SIZE", "SMS_CONTACTS_API_MAX_HEADER_SIZE"),
              Map.entry(
                  "BREAKER_FAILURE_THRESHOLD", "SMS_GATEWAY_DISPATCHER_BREAKER_FAILURE_THRESHOLD"),
              Map.entry("BREAKER_OPEN_DURATION", "SMS_GATEWAY_DISPATCHER_BREAKER_OPEN_DURATION"),
              Map.entry("CARRIER_MODE", "SMS_GATEWAY_CARRIER_MODE"),
              Map.entry("CONSOLE_GATEWAY_ORIGIN", "SMS_CONSOLE_GATEWAY_ORIGIN"),
              Map.entry("CONSOLE_ORIGIN", "SMS_CONSOLE_ORIGIN"),
              Map.entry("CONTACTS_CONSUMER_CONCURRENCY", "SMS_CONTACTS_CONSUMER_CONCURRENCY"),
              Map.entry("CONTACTS_CONSUMER_GROUP", "SMS_CONTACTS_CONSUMER_GROUP"),
              Map.entry("CONTACTS_DB_RETRY_INITIAL_BACKOFF", "SMS_CONSUMER_RETRY_INITIAL_BACKOFF"),
              Map.entry("CONTACTS_DB_RETRY_MAX_BACKOFF", "SMS_CONSUMER_RETRY_MAX_BACKOFF"),
              Map.entry("DB_HOST", "SMS_DB_HOST"),
              Map.entry("DB_NAME", "SMS_DB_NAME"),
              Map.entry("DB_PASSWORD", "SMS_DB_PASSWORD"),
              Map.entry("DB_POOL_SIZE", "SMS_DB_POOL_SIZE"),
              Map.entry("DB_PORT", "SMS_DB_PORT"),
              Map.entry("DB_SCHEMA", "SMS_DB_SCHEMA"),
              Map.entry("DB_USER", "SMS_DB_USER"),
              Map.entry("DISPATCHER_BATCH_SIZE", "SMS_GATEWAY_DISPATCHER_BATCH_SIZE"),
              Map.entry("DISPATCHER_CLAIM_LEASE", "SMS_GATEWAY_DISPATCHER_CLAIM_LEASE"),
              Map.entry("DISPATCHER_ENABLED", "SMS_GATEWAY_DISPATCHER_ENABLED"),
              Map.entry("DISPATCHER_LOOKAHEAD", "SMS_GATEWAY_DISPATCHER_LOOKAHEAD"),
              Map.entry("DISPATCHER_POLL_INTERVAL", "SMS_GATEWAY_DISPATCHER_POLL_INTERVAL"),
              Map.entry("IDEMPOTENCY_PURGE_INTERVAL", "SMS_GATEWAY_IDEMPOTENCY_PURGE_INTERVAL"),
              Map.entry("IDEMPOTENCY_RETENTION", "SMS_GATEWAY_IDEMPOTENCY_RETENTION"),
              Map.entry(
                  "INGEST_BENCH_NOOP_ENABLED",
                  "removed: the no-op endpoint exists only in the bench build (-Pbench)"),
              Map.entry("INGEST_MAX_BODY_SIZE", "SMS_INGEST_MAX_BODY_SIZE"),
              Map.entry("INGEST_MAX_PENDING_EVENTS", "SMS_INGEST_MAX_PENDING_EVENTS"),
              Map.entry("INGEST_PUBLIC_URL", "SMS_INGEST_PUBLIC_URL"),
              Map.entry("INGEST_PUBLISH_TIMEOUT", "SMS_INGEST_PUBLISH_TIMEOUT"),
              Map.entry("INGEST_TRUST_FORWARDED_HEADERS", "SMS_INGEST_TRUST_FORWARDED_HEADERS"),
              Map.entry("KAFKA_BATCH_SIZE", "SMS_INGEST_KAFKA_BATCH_SIZE"),
              Map.entry("KAFKA_COMPRESSION_TYPE", "SMS_INGEST_KAFKA_COMPRESSION_TYPE"),
              Map.entry("KAFKA_DELIVERY_TIMEOUT_MS", "SMS_INGEST_KAFKA_DELIVERY_TIMEOUT_MS"),
              Map.entry("KAFKA_LINGER_MS", "SMS_INGEST_KAFKA_LINGER_MS"),
              Map.entry("KAFKA_MAX_BLOCK_MS", "SMS_INGEST_KAFKA_MAX_BLOCK_MS"),
              Map.entry("KAFKA_MAX_IN_FLIGHT", "SMS_INGEST_KAFKA_MAX_IN_FLIGHT"),
              Map.entry("KAFKA_REQUEST_TIMEOUT_MS", "SMS_INGEST_KAFKA_REQUEST_TIMEOUT_MS"),
              Map.entry("OUTBOX_BATCH_SIZE", "SMS_GATEWAY_RELAY_BATCH_SIZE"),
              Map.entry("OUTBOX_POLL_INTERVAL", "SMS_GATEWAY_RELAY_POLL_INTERVAL"),
              Map.entry("OUTBOX_RELAY_ENABLED", "SMS_GATEWAY_RELAY_ENABLED"),
              Map.entry("PHONE_DEFAULT_REGION", "SMS_PHONE_DEFAULT_REGION"),
              Map.entry(
                  "RATE_ACCOUNT_SEGMENTS_PER_SECOND",
                  "SMS_GATEWAY_DISPATCHER_ACCOUNT_SEGMENTS_PER_SECOND"),
              Map.entry(
                  "RATE_PER_SENDER_SEGMENTS_PER_SECOND",
                  "SMS_GATEWAY_DISPATCHER_PER_SENDER_SEGMENTS_PER_SECOND"),
              Map.entry("RECONCILE_INTERVAL", "SMS_GATEWAY_DISPATCHER_RECONCILE_INTERVAL"),
              Map.entry("RETRY_INITIAL_BACKOFF", "SMS_GATEWAY_DISPATCHER_INITIAL_BACKOFF"),
              Map.entry("RETRY_MAX_ATTEMPTS", "SMS_GATEWAY_DISPATCHER_MAX_ATTEMPTS"),
              Map.entry("RETRY_MAX_BACKOFF", "SMS_GATEWAY_DISPATCHER_MAX_BACKOFF"),
              Map.entry("SIMULATED_CALLBACK_DELAY", "SMS_GATEWAY_CARRIER_SIMULATED_CALLBACK_DELAY"),
              Map.entry("SIMULATED_FROM_NUMBER", "SMS_GATEWAY_CARRIER_SIMULATED_FROM_NUMBER"),
              Map.entry(
                  "SIMULATED_UNDELIVERED_SHARE", "SMS_GATEWAY_CARRIER_SIMULATED_UNDELIVERED_SHARE"),
              Map.entry(
                  "SMS_ALLOWED_DESTINATION_COUNTRIES", "SMS_GATEWAY_ALLOWED_DESTINATION_COUNTRIES"),
              Map.entry("STREAM_MAX_OPEN", "SMS_GATEWAY_STREAM_MAX_OPEN"),
              Map.entry("TWILIO_ACCOUNT_SID", "SMS_TWILIO_ACCOUNT_SID"),
              Map.entry("TWILIO_ACCOUNT_SID_FILE", "SMS_TWILIO_ACCOUNT_SID_FILE"),
              Map.entry("TWILIO_API_BASE_URL", "SMS_TWILIO_API_BASE_URL"),
              Map.entry("TWILIO_AUTH_TOKEN", "SMS_TWILIO_AUTH_TOKEN"),
              Map.entry("TWILIO_AUTH_TOKEN_FILE", "SMS_TWILIO_AUTH_TOKEN_FILE"),
              Map.entry("TWILIO_AUTH_TOKEN_SECONDARY", "SMS_TWILIO_AUTH_TOKEN_SECONDARY"),
              Map.entry("TWILIO_CONNECT_TIMEOUT", "SMS_TWILIO_CONNECT_TIMEOUT"),
              Map.entry("TWILIO_FROM_NUMBER", "SMS_TWILIO_FROM_NUMBER"),
              Map.entry("TWILIO_MESSAGING_SERVICE_SID", "SMS_TWILIO_MESSAGING_SERVICE_SID"),
              Map.entry("TWILIO_READ_TIMEOUT", "SMS_TWILIO_READ_TIMEOUT"),
              Map.entry("TWILIO_SENDER_NUMBERS", "SMS_TWILIO_SENDER_NUMBERS"),
              Map.entry("TWILIO_SENDER_THREADS", "SMS_TWILIO_SENDER_THREADS"),
              Map.entry("TWILIO_SIGNATURE_VALIDATION", "SMS_TWILIO_SIGNATURE_VALIDATION"),
              Map.entry("UNKNOWN_OUTCOME_GRACE", "SMS_GATEWAY_DISPATCHER_UNKNOWN_OUTCOME_GRACE")));

  void warnOnStart(@Observes StartupEvent start) {
    warnings(System::getenv).forEach(LOG::warn);
  }

  static List<String> warnings(UnaryOperator<String> environment) {
    return RENAMED.entrySet().stream()
        .filter(e -> environment.apply(e.getKey()) != null)
        .map(e -> e.getKey() + " is set but no longer read: " + replacement(e.getValue()))
        .toList();
  }

  private static String replacement(String now) {
    return now.startsWith("removed") ? now : "set " + now + " instead";
  }
}
