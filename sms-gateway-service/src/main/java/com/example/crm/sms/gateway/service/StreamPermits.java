package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap on live streams open at once in this instance, shared by every kind of stream (one
 * conversation's, the inbox's): each holds a permit while it is open.
 */
@ApplicationScoped
public class StreamPermits {

  /** Prometheus: sms_gateway_streams_open, the streams open now in this instance. */
  public static final String OPEN_STREAMS = "sms.gateway.streams.open";

  private final int maxOpen;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter refused;

  public StreamPermits(GatewayConfig config, MeterRegistry registry) {
    this.maxOpen = config.stream().maxOpen();
    registry.gauge(OPEN_STREAMS, open);
    this.refused = registry.counter("sms.gateway.streams.refused");
  }

  /**
   * Takes a permit; the returned action gives it back (at most once, however often it runs).
   *
   * @throws TooManyStreamsException when the instance has its maximum of streams open
   */
  public Runnable take() {
    if (open.incrementAndGet() > maxOpen) {
      open.decrementAndGet();
      refused.increment();
      throw new TooManyStreamsException(maxOpen);
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        open.decrementAndGet();
      }
    };
  }
}
