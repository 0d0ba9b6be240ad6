package com.example.crm.sms.gateway.support;

import java.util.concurrent.atomic.AtomicInteger;

/** Distinct valid US numbers, so tests sharing one database and one dispatcher never collide. */
public final class Numbers {

  private static final AtomicInteger NEXT =
      new AtomicInteger((int) (System.currentTimeMillis() % 4000) * 1000);

  private Numbers() {}

  /** A fresh +1 239 4xx xxxx number (Naples, FL area code, valid for libphonenumber). */
  public static String fresh() {
    int n = NEXT.incrementAndGet() % 10_000_000;
    return String.format("+1239%07d", 4_000_000 + n % 6_000_000);
  }
}
