package com.example.crm.sms.gateway.config;

import com.example.crm.sms.common.secret.Secrets;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Production refuses the placeholder credentials of .env.example: readiness stays DOWN with the
 * reason (so no traffic and no rollout proceeds), and start-up logs it once. The secret itself is
 * never logged nor reported, only its name.
 */
@Readiness
@ApplicationScoped
public class CarrierSecretsCheck implements AsyncHealthCheck {

  private static final Logger LOG = Logger.getLogger(CarrierSecretsCheck.class);
  static final String NAME = "Twilio credentials";

  private final CarrierSecrets secrets;
  private final boolean production;

  @Inject
  public CarrierSecretsCheck(CarrierSecrets secrets) {
    this(secrets, LaunchMode.current() == LaunchMode.NORMAL);
  }

  CarrierSecretsCheck(CarrierSecrets secrets, boolean production) {
    this.secrets = secrets;
    this.production = production;
  }

  void onStart(@Observes StartupEvent event) {
    reason().ifPresent(reason -> LOG.errorf("Not ready: %s", reason));
  }

  /** On the event loop: a synchronous check would wait for a worker behind request work. */
  @Override
  public Uni<HealthCheckResponse> call() {
    return Uni.createFrom()
        .item(
            () ->
                reason()
                    .map(r -> HealthCheckResponse.named(NAME).down().withData("reason", r).build())
                    .orElseGet(() -> HealthCheckResponse.named(NAME).up().build()));
  }

  /** Why the credentials are refused, or empty when they are not. */
  Optional<String> reason() {
    List<String> placeholders = production ? secrets.placeholders() : List.of();
    if (placeholders.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        String.join(" and ", placeholders)
            + (placeholders.size() == 1 ? " still holds" : " still hold")
            + " the placeholder of .env.example (a value starting with '"
            + Secrets.PLACEHOLDER_PREFIX
            + "'): set the real secret");
  }
}
