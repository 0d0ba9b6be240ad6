package com.example.crm.sms.gateway.service;

/**
 * Stops sending while the carrier is down: after {@code threshold} consecutive failures (refused
 * connections, 429s, 5xx, timeouts) it opens for {@code openNanos}; then it lets one trial send
 * through (half-open), which closes it on success or opens it again on failure.
 */
public final class CircuitBreaker {

  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final long openNanos;
  private int consecutiveFailures;
  private long openedAt;
  private State state = State.CLOSED;
  private boolean trialInFlight;

  public CircuitBreaker(int threshold, long openNanos) {
    this.threshold = threshold;
    this.openNanos = openNanos;
  }

  /** Whether a send may start now; in half-open state only one trial send is allowed. */
  public synchronized boolean allow(long now) {
    if (state == State.OPEN && now - openedAt >= openNanos) {
      state = State.HALF_OPEN;
      trialInFlight = false;
    }
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> {
        if (trialInFlight) {
          yield false;
        }
        trialInFlight = true;
        yield true;
      }
    };
  }

  public synchronized void onSuccess() {
    consecutiveFailures = 0;
    state = State.CLOSED;
    trialInFlight = false;
  }

  public synchronized void onFailure(long now) {
    consecutiveFailures++;
    if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
      state = State.OPEN;
      openedAt = now;
      trialInFlight = false;
    }
  }

  public synchronized State state(long now) {
    if (state == State.OPEN && now - openedAt >= openNanos) {
      return State.HALF_OPEN;
    }
    return state;
  }
}
