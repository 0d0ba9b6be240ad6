package com.example.crm.sms.gateway.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The gateway's {@link Clock} in tests (it replaces the default bean): the system clock moved
 * forward by an offset a test sets, so a scheduled or held text comes due without waiting. Only
 * ever ahead of the system clock, so texts queued now stay due; {@link #reset} after each test.
 */
@Singleton
public class TestClock extends Clock {

  private volatile Duration offset = Duration.ZERO;

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the gateway reads instants only");
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  /** Moves the clock forward by {@code by}. */
  public void advance(Duration by) {
    offset = offset.plus(by);
  }

  /** Moves the clock forward to the next {@code local} time in {@code zone}: at most a day on. */
  public void advanceToNext(LocalTime local, ZoneId zone) {
    ZonedDateTime now = instant().atZone(zone);
    ZonedDateTime next = now.with(local);
    if (!next.isAfter(now)) {
      next = next.plusDays(1).with(local);
    }
    advance(Duration.between(now, next));
  }

  public void reset() {
    offset = Duration.ZERO;
  }
}
