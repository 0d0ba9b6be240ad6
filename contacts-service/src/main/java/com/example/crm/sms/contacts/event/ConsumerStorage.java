package com.example.crm.sms.contacts.event;

import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.contacts.config.ContactsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumers' storing rule (DESIGN rule 3, sms-common {@link UntilStored}) for one channel: a
 * database outage is retried with backoff for as long as it takes; an event the database refuses as
 * data is a bug, counted in {@code sms_consumer_data_errors_total{channel, sqlstate}}, and
 * salvaged.
 */
@ApplicationScoped
public class ConsumerStorage {

  /** Prometheus: sms_consumer_data_errors_total. */
  static final String DATA_ERRORS = "sms.consumer.data.errors";

  private final ContactsConfig config;
  private final MeterRegistry registry;

  public ConsumerStorage(ContactsConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  public UntilStored forChannel(String channel) {
    return new UntilStored(
        config.consumer().retryInitialBackoff(),
        config.consumer().retryMaxBackoff(),
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
