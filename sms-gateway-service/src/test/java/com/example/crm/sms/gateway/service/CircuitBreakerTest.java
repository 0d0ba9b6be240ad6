package com.example.crm.sms.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  @Test
  void opensAfterThresholdConsecutiveFailuresAndStopsSends() {
    CircuitBreaker breaker = new CircuitBreaker(3, 100);
    breaker.onFailure(0);
    breaker.onFailure(0);
    assertTrue(breaker.allow(0));
    breaker.onFailure(0);
    assertEquals(CircuitBreaker.State.OPEN, breaker.state(10));
    assertFalse(breaker.allow(10));
  }

  @Test
  void aSuccessResetsTheCount() {
    CircuitBreaker breaker = new CircuitBreaker(2, 100);
    breaker.onFailure(0);
    breaker.onSuccess();
    breaker.onFailure(0);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state(0));
  }

  @Test
  void afterTheOpenPeriodOneTrialSendDecides() {
    CircuitBreaker breaker = new CircuitBreaker(1, 100);
    breaker.onFailure(0);
    assertTrue(breaker.allow(100));
    assertFalse(breaker.allow(101), "only one trial while half-open");
    breaker.onFailure(102);
    assertFalse(breaker.allow(150));
    assertTrue(breaker.allow(202));
    breaker.onSuccess();
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state(203));
    assertTrue(breaker.allow(203));
    assertTrue(breaker.allow(203));
  }
}
