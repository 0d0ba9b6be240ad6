package com.example.crm.sms.gateway.service;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before another attempt of a retryable send: the initial backoff doubling with each
 * attempt up to the maximum, plus up to 10 % jitter so the texts of one outage do not all come back
 * at the same instant.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier jitter;

  /**
   * @param jitter a random number in [0, 1) for each wait
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier jitter) {
    this.initial = initial;
    this.max = max;
    this.jitter = jitter;
  }

  /** The wait after attempt number {@code attempts} (1 for the first) was not sent. */
  public Duration after(int attempts) {
    long base = initial.toMillis() << Math.min(20, Math.max(0, attempts - 1));
    long capped = Math.min(base, max.toMillis());
    return Duration.ofMillis(capped + (long) (capped * 0.1 * jitter.getAsDouble()));
  }
}
