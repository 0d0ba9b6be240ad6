package com.example.crm.sms.gateway.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The clock that decides when a scheduled or held text is due and whether a recipient is in their
 * quiet hours (the dispatcher passes its instant to the claim instead of SQL now()), so a test can
 * move time instead of waiting for it.
 */
@Singleton
public class ClockProducer {

  @Produces
  @DefaultBean
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
