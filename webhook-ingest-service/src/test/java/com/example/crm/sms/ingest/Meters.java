package com.example.crm.sms.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads the service's counters in tests. */
public final class Meters {

  private Meters() {}

  /** The current count of one counter, 0 when never incremented. */
  public static double count(MeterRegistry registry, String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }
}
