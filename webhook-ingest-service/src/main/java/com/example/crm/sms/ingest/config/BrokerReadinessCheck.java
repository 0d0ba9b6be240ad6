package com.example.crm.sms.ingest.config;

import com.example.crm.sms.ingest.event.BrokerReachability;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness DOWN while the broker is unreachable for longer than the publish timeout, or before the
 * topics' metadata is known; answered from {@link BrokerReachability}'s cached state, on the event
 * loop (an asynchronous check: Quarkus runs the synchronous ones on the worker pool, where they
 * queued behind request work). It replaces Quarkus's own Kafka check
 * (quarkus.kafka.health.enabled=false), under the same name.
 */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements AsyncHealthCheck {

  static final String NAME = "Kafka connection health check";

  private final BrokerReachability broker;

  public BrokerReadinessCheck(BrokerReachability broker) {
    this.broker = broker;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    BrokerReachability.State state = broker.state();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME).status(state.reachable()).withData("nodes", state.nodes());
    if (state.reason() != null) {
      response.withData("reason", state.reason());
    }
    return Uni.createFrom().item(response.build());
  }
}
