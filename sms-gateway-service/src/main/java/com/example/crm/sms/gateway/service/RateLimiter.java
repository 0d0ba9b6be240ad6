package com.example.crm.sms.gateway.service;

import java.util.HashMap;
import java.util.Map;

/**
 * Paces sends in segments per second per sender and for the whole account (a virtual-schedule
 * limiter: each reservation moves the sender's next free instant forward by segments / rate). Times
 * are nanoseconds from any fixed origin, so tests drive it with their own clock.
 */
public final class RateLimiter {

  private final double perSenderPerSecond;
  private final double accountPerSecond;
  private final Map<String, Long> senderNextFree = new HashMap<>();
  private long accountNextFree = Long.MIN_VALUE;

  public RateLimiter(double perSenderPerSecond, double accountPerSecond) {
    if (perSenderPerSecond <= 0 || accountPerSecond <= 0) {
      throw new IllegalArgumentException("rates must be positive");
    }
    this.perSenderPerSecond = perSenderPerSecond;
    this.accountPerSecond = accountPerSecond;
  }

  /**
   * Reserves a slot for {@code segments} from {@code sender}; returns the instant the send may
   * start, or -1 when that instant is later than {@code now + maxWaitNanos} (nothing reserved).
   */
  public synchronized long reserve(String sender, int segments, long now, long maxWaitNanos) {
    long senderFree = Math.max(senderNextFree.getOrDefault(sender, Long.MIN_VALUE), now);
    long accountFree = Math.max(accountNextFree, now);
    long start = Math.max(senderFree, accountFree);
    if (start - now > maxWaitNanos) {
      return -1;
    }
    int cost = Math.max(1, segments);
    senderNextFree.put(sender, start + nanos(cost, perSenderPerSecond));
    accountNextFree = start + nanos(cost, accountPerSecond);
    return start;
  }

  /** Senders whose next slot is further away than {@code maxWaitNanos}: not worth claiming. */
  public synchronized java.util.Set<String> saturatedSenders(long now, long maxWaitNanos) {
    java.util.Set<String> saturated = new java.util.HashSet<>();
    senderNextFree.forEach(
        (sender, free) -> {
          if (free - now > maxWaitNanos) {
            saturated.add(sender);
          }
        });
    senderNextFree.values().removeIf(free -> free < now);
    return saturated;
  }

  /** Whether the account as a whole has no slot within {@code maxWaitNanos}. */
  public synchronized boolean accountSaturated(long now, long maxWaitNanos) {
    return Math.max(accountNextFree, now) - now > maxWaitNanos;
  }

  private static long nanos(int segments, double perSecond) {
    return (long) Math.ceil(segments * 1_000_000_000d / perSecond);
  }
}
