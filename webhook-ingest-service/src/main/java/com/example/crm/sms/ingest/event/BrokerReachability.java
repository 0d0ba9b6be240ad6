package com.example.crm.sms.ingest.event;

import com.example.crm.sms.ingest.config.IngestConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jboss.logging.Logger;

/**
 * Whether the broker answers, as cached state for the readiness check, which must answer at once
 * whatever the broker does. One thread of its own asks the broker for its nodes every {@code
 * broker-probe-interval}, each probe bounded by the publish timeout; an acknowledged event counts
 * as an answer too. The broker is unreachable only once neither came for longer than the publish
 * timeout: a slower moment than that is no reason to take the service out of rotation. (Quarkus's
 * own Kafka check asked the broker in every readiness call, on the worker pool that request work
 * queued on.)
 */
@ApplicationScoped
public class BrokerReachability {

  private static final Logger LOG = Logger.getLogger(BrokerReachability.class);

  /** The broker as the readiness check reports it. */
  public record State(boolean reachable, String nodes, String reason) {}

  private final Map<String, Object> kafka;
  private final TopicMetadata metadata;
  private final PublishMetrics metrics;
  private final Duration timeout;
  private final Duration interval;
  private final ScheduledExecutorService prober =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "ingest-broker-probe");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Admin admin;
  // System.nanoTime() of the last probe the broker answered; 0 until the first.
  private volatile long lastProbeAnswered;
  private volatile String nodes = "";
  private volatile String lastFailure = "no probe has finished yet";

  @Inject
  public BrokerReachability(
      @Identifier("default-kafka-broker") Map<String, Object> kafka,
      TopicMetadata metadata,
      PublishMetrics metrics,
      IngestConfig config) {
    this.kafka = kafka;
    this.metadata = metadata;
    this.metrics = metrics;
    this.timeout = config.publishTimeout();
    this.interval = config.brokerProbeInterval();
  }

  void startProbing(@Observes @Priority(2) StartupEvent start) {
    prober.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits, at most the publish timeout, for the first answer, so a service whose broker is up is
   * ready once started; one whose broker is down starts anyway and reports why it is not ready.
   */
  void awaitFirstAnswer(@Observes @Priority(5000) StartupEvent start) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!state().reachable() && System.nanoTime() - deadline < 0) {
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Reads only what the probe and the acknowledgements left: never waits for the broker. */
  public State state() {
    long now = System.nanoTime();
    long last = Math.max(lastProbeAnswered, metrics.lastAcknowledged());
    if (last == 0) {
      return new State(false, nodes, "the broker has not answered yet: " + lastFailure);
    }
    long silentMs = TimeUnit.NANOSECONDS.toMillis(now - last);
    if (silentMs > timeout.toMillis()) {
      return new State(
          false,
          nodes,
          "no answer from the broker for "
              + silentMs
              + " ms, longer than the publish timeout: "
              + lastFailure);
    }
    if (!metadata.allKnown()) {
      return new State(false, nodes, "the topics' metadata is not fetched yet");
    }
    return new State(true, nodes, null);
  }

  private void probe() {
    try {
      String answered =
          admin()
              .describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs()))
              .nodes()
              .get(timeoutMs(), TimeUnit.MILLISECONDS)
              .stream()
              .map(node -> node.host() + ":" + node.port())
              .collect(Collectors.joining(","));
      nodes = answered;
      lastProbeAnswered = System.nanoTime();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The next probe tries again; the state says why meanwhile.
      lastFailure = String.valueOf(e.getCause() == null ? e : e.getCause());
      LOG.debugf("Broker probe failed: %s", lastFailure);
    }
  }

  private int timeoutMs() {
    return (int) Math.max(1, timeout.toMillis());
  }

  /** Built on the probe thread: creating a client resolves the bootstrap addresses. */
  private Admin admin() {
    if (admin == null) {
      Map<String, Object> config = new HashMap<>(kafka);
      config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "webhook-ingest-service-readiness");
      config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs());
      config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
      admin = Admin.create(config);
    }
    return admin;
  }

  @PreDestroy
  void close() {
    prober.shutdownNow();
    Admin client = admin;
    if (client != null) {
      client.close(Duration.ofSeconds(1));
    }
  }
}
