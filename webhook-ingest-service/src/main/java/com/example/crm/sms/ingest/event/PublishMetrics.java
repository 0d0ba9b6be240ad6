package com.example.crm.sms.ingest.event;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long Kafka takes to answer a publish (Prometheus sms_ingest_kafka_publish_seconds), and when
 * it last acknowledged one: under load that is fresher news of the broker than the readiness probe
 * ({@link BrokerReachability}).
 */
@ApplicationScoped
public class PublishMetrics {

  public static final String PUBLISH = "sms.ingest.kafka.publish";

  private final MeterRegistry registry;
  // Registered once: looking meters up by name and tags on every webhook showed in profiles.
  private final Map<String, Map<PublishOutcome, Timer>> timers = new ConcurrentHashMap<>();
  // Written by the producer's one network thread, on each acknowledgement; 0 until the first.
  private volatile long lastAcknowledged;

  public PublishMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  Timer.Sample start() {
    return Timer.start(registry);
  }

  /** Stops the sample when the producer answered (outcome acked or failed). */
  void done(Timer.Sample sample, String topic, PublishOutcome outcome) {
    if (outcome == PublishOutcome.ACKED) {
      lastAcknowledged = System.nanoTime();
    }
    sample.stop(
        timers
            .computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
            .computeIfAbsent(
                outcome,
                o ->
                    Timer.builder(PUBLISH)
                        .description(
                            "Time from handing an event to the producer until Kafka acknowledged it")
                        .tags("topic", topic, "outcome", o.tag())
                        .publishPercentileHistogram()
                        .register(registry)));
  }

  /** System.nanoTime() of the last acknowledgement, 0 when none came yet. */
  long lastAcknowledged() {
    return lastAcknowledged;
  }
}
