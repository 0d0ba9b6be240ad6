package com.example.crm.sms.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long S = 1_000_000_000L;

  @Test
  void oneSegmentPerSecondSpacesOneSendersTextsASecondApart() {
    RateLimiter limiter = new RateLimiter(1, 100);
    assertEquals(0, limiter.reserve("+1", 1, 0, 10 * S));
    assertEquals(S, limiter.reserve("+1", 1, 0, 10 * S));
    assertEquals(2 * S, limiter.reserve("+1", 1, 0, 10 * S));
  }

  @Test
  void aThreeSegmentTextTakesThreeSlots() {
    RateLimiter limiter = new RateLimiter(1, 100);
    assertEquals(0, limiter.reserve("+1", 3, 0, 10 * S));
    assertEquals(3 * S, limiter.reserve("+1", 1, 0, 10 * S));
  }

  @Test
  void sendersArePacedIndependently() {
    RateLimiter limiter = new RateLimiter(1, 1_000_000);
    assertEquals(0, limiter.reserve("+1", 1, 0, S));
    assertTrue(limiter.reserve("+2", 1, 0, S) < S / 100, "not a second behind +1");
  }

  @Test
  void theAccountCapPacesAllSendersTogether() {
    RateLimiter limiter = new RateLimiter(10, 2);
    assertEquals(0, limiter.reserve("+1", 1, 0, 10 * S));
    assertEquals(S / 2, limiter.reserve("+2", 1, 0, 10 * S));
    assertEquals(S, limiter.reserve("+3", 1, 0, 10 * S));
  }

  @Test
  void aFreshLimiterIsNotSaturatedWhateverTheClock() {
    RateLimiter limiter = new RateLimiter(1, 1);
    assertFalse(limiter.accountSaturated(-5 * S, S));
    assertFalse(limiter.accountSaturated(Long.MAX_VALUE / 2, S));
  }

  @Test
  void aSlotBeyondTheLookaheadIsNotReserved() {
    RateLimiter limiter = new RateLimiter(1, 100);
    limiter.reserve("+1", 1, 0, 2 * S);
    limiter.reserve("+1", 1, 0, 2 * S);
    limiter.reserve("+1", 1, 0, 2 * S);
    assertEquals(-1, limiter.reserve("+1", 1, 0, 2 * S));
    assertTrue(limiter.saturatedSenders(0, 2 * S).contains("+1"));
    assertFalse(limiter.saturatedSenders(5 * S, 2 * S).contains("+1"));
  }

  @Test
  void idleTimeIsNotSavedUpAsABurst() {
    RateLimiter limiter = new RateLimiter(1, 100);
    limiter.reserve("+1", 1, 0, S);
    assertEquals(100 * S, limiter.reserve("+1", 1, 100 * S, S));
    assertEquals(101 * S, limiter.reserve("+1", 1, 100 * S, 5 * S));
  }
}
