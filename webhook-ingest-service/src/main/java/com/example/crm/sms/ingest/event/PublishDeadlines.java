package com.example.crm.sms.ingest.event;

import com.example.crm.sms.ingest.config.IngestConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The publish timeout: a publish Kafka has not answered within it is expired, so the webhook gets
 * its 503 well inside Twilio's 15 s and Twilio tries its fallback URL. One queue and one timer
 * thread for all, rather than a timer scheduled and cancelled per webhook (bench/README.md); the
 * 503 comes at most a tenth of the timeout (and 100 ms) after it.
 */
@ApplicationScoped
public class PublishDeadlines {

  /** A publish with a deadline: answered once, by whoever claims it first. */
  abstract static class Watched extends AtomicBoolean {

    private long deadline;

    /** True for the one caller that may answer it. */
    final boolean claim() {
      return compareAndSet(false, true);
    }

    /** Called once the deadline passed unless the publish was answered before. */
    abstract void expire();
  }

  private final Duration timeout;
  private final Queue<Watched> queue = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService sweeper;

  @Inject
  public PublishDeadlines(IngestConfig config) {
    this(config.publishTimeout());
  }

  PublishDeadlines(Duration timeout) {
    this.timeout = timeout;
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "ingest-publish-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(1, Math.min(100, timeout.toMillis() / 10));
    sweeper.scheduleWithFixedDelay(this::expireOverdue, period, period, TimeUnit.MILLISECONDS);
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * Watches the publish of a webhook that arrived at {@code arrivedAt} (System.nanoTime()): its
   * timeout runs from the arrival, so time spent before the publish (a cold JVM's first requests, a
   * wait for the topic's metadata) does not stretch the 503 past it.
   */
  void watch(Watched publish, long arrivedAt) {
    publish.deadline = arrivedAt + timeout.toNanos();
    queue.add(publish);
  }

  /**
   * Deadlines are an arrival + a fixed timeout, added in publish order, so the queue is in deadline
   * order but for webhooks whose publish came later than others': the sweep stops at the first one
   * still running, so such a webhook is answered at worst at its publish + the timeout (the old
   * bound), usually at its arrival + the timeout.
   */
  private void expireOverdue() {
    long now = System.nanoTime();
    Watched head;
    while ((head = queue.peek()) != null && (head.get() || now - head.deadline >= 0)) {
      queue.poll();
      if (head.claim()) {
        head.expire();
      }
    }
  }

  @PreDestroy
  void close() {
    sweeper.shutdownNow();
  }
}
