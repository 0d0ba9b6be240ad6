package com.example.crm.sms.common.health;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Startup;

/**
 * Liveness and start-up of the messaging channels (a consumer that failed for good makes the pod
 * restart), as SmallRye Reactive Messaging's own checks report them, but answered on the event
 * loop: those are synchronous checks, which Quarkus runs on the worker pool, so under request work
 * a liveness call waited for a free worker and the kubelet's probe timed out. The channels' state
 * is in memory (no broker call for liveness). The services that set the build properties {@code
 * quarkus.messaging.health.enabled=false} (Quarkus's checks off) and {@code
 * sms.health.messaging.enabled=true} have it.
 */
@ApplicationScoped
@IfBuildProperty(name = "sms.health.messaging.enabled", stringValue = "true")
public class MessagingHealth {

  static final String NAME = "SmallRye Reactive Messaging - ";

  private final HealthCenter health;

  public MessagingHealth(HealthCenter health) {
    this.health = health;
  }

  @Liveness
  @ApplicationScoped
  @IfBuildProperty(name = "sms.health.messaging.enabled", stringValue = "true")
  public static class LivenessCheck implements AsyncHealthCheck {
    private final MessagingHealth messaging;

    public LivenessCheck(MessagingHealth messaging) {
      this.messaging = messaging;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
      return Uni.createFrom().item(() -> messaging.liveness());
    }
  }

  @Startup
  @ApplicationScoped
  @IfBuildProperty(name = "sms.health.messaging.enabled", stringValue = "true")
  public static class StartupCheck implements AsyncHealthCheck {
    private final MessagingHealth messaging;

    public StartupCheck(MessagingHealth messaging) {
      this.messaging = messaging;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
      return Uni.createFrom().item(() -> messaging.startup());
    }
  }

  HealthCheckResponse liveness() {
    return health.isInitialized()
        ? response("liveness check", health.getLiveness())
        : HealthCheckResponse.named(NAME + "liveness check").down().build();
  }

  HealthCheckResponse startup() {
    return health.isInitialized()
        ? response("startup check", health.getStartup())
        : HealthCheckResponse.named(NAME + "startup check").down().build();
  }

  private static HealthCheckResponse response(String check, HealthReport report) {
    HealthCheckResponseBuilder builder =
        HealthCheckResponse.named(NAME + check).status(report.isOk());
    report
        .getChannels()
        .forEach(
            channel ->
                builder.withData(
                    channel.getChannel(),
                    channel.isOk()
                        ? "[OK]"
                        : "[KO]"
                            + (channel.getMessage() == null ? "" : " - " + channel.getMessage())));
    return builder.build();
  }
}
