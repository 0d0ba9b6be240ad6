package com.example.crm.sms.common.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumers' storing rule (rule 3, {@link UntilStored}) for one channel, the same in every
 * service: a database outage is retried with backoff for as long as it takes; an event the database
 * refuses as data is a bug, counted in {@code sms_consumer_data_errors_total{channel, sqlstate}},
 * and salvaged.
 */
@ApplicationScoped
public class ConsumerStorage {

  /** Prometheus: sms_consumer_data_errors_total. */
  public static final String DATA_ERRORS = "sms.consumer.data.errors";

  private final ConsumerRetryConfig config;
  private final MeterRegistry registry;

  public ConsumerStorage(ConsumerRetryConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  public UntilStored forChannel(String channel) {
    return new UntilStored(
        config.retryInitialBackoff(),
        config.retryMaxBackoff(),
        sqlState ->
            Counter.builder(DATA_ERRORS)
                .description(
                    "Events the database refused as data (a bug): salvaged, or dead-lettered if"
                        + " even the salvage was refused")
                .tag("channel", channel)
                .tag("sqlstate", sqlState)
                .register(registry)
                .increment());
  }
}
