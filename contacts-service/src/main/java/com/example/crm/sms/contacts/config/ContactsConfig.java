package com.example.crm.sms.contacts.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of contacts-service an operator may change (see README.md for the env vars). */
@ConfigMapping(prefix = "contacts")
public interface ContactsConfig {

  /** ISO 3166 region for numbers written without a country code. */
  @WithDefault("US")
  String phoneDefaultRegion();

  Consumer consumer();

  /** How the Kafka consumers retry while the database is unavailable. */
  interface Consumer {

    /** First pause after a failed database transaction. */
    @WithDefault("500ms")
    Duration retryInitialBackoff();

    /** Longest pause between two attempts; the consumer retries for as long as it takes. */
    @WithDefault("30s")
    Duration retryMaxBackoff();
  }
}
