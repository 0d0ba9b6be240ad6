package com.example.crm.sms.ingest.config;

import com.example.crm.sms.ingest.service.HotPathWarmUp;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Not ready before the hot path is warm: the warm-up ({@link HotPathWarmUp}) runs at start, while
 * the broker is asked for the topics' metadata, and only then does this check report UP. Its time
 * is the metric sms_ingest_warmup_seconds and one INFO line.
 */
@Readiness
@ApplicationScoped
public class HotPathReadinessCheck implements AsyncHealthCheck {

  private static final Logger LOG = Logger.getLogger(HotPathReadinessCheck.class);
  static final String NAME = "Webhook hot path";
  public static final String WARM_UP = "sms.ingest.warmup";

  private final HotPathWarmUp warmUp;
  private final MeterRegistry registry;
  private volatile String failure;

  public HotPathReadinessCheck(HotPathWarmUp warmUp, MeterRegistry registry) {
    this.warmUp = warmUp;
    this.registry = registry;
  }

  /** After TopicMetadata and BrokerReachability have started asking the broker. */
  void warmUp(@Observes @Priority(10) StartupEvent start) {
    try {
      int bytes = warmUp.run();
      Duration took = warmUp.took().orElseThrow();
      Gauge.builder(WARM_UP, () -> took.toNanos() / 1e9)
          .description("How long the start-up warm-up of the webhooks' hot path took")
          .baseUnit("seconds")
          .register(registry);
      LOG.infof(
          "Hot path warmed up in %d ms (inbound and status: form, signature, mapping, %d bytes of"
              + " event JSON, problem+json); readiness waits for it",
          took.toMillis(), bytes);
    } catch (RuntimeException e) {
      // A broken hot path would fail every webhook: better out of rotation, saying why.
      failure = String.valueOf(e);
      LOG.errorf(e, "The warm-up of the webhooks' hot path failed; readiness stays DOWN");
    }
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    Optional<Duration> took = warmUp.took();
    HealthCheckResponse response =
        took.isPresent()
            ? HealthCheckResponse.named(NAME)
                .up()
                .withData("warmedUpInMs", took.get().toMillis())
                .build()
            : HealthCheckResponse.named(NAME)
                .down()
                .withData("reason", failure == null ? "warming up" : failure)
                .build();
    return Uni.createFrom().item(response);
  }
}
