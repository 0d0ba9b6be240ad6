package com.example.crm.sms.ingest.config;

import com.example.crm.sms.ingest.service.SignatureService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Makes the signature set-up visible. Validation switched off: a warning at every start. Validation
 * on without a usable token (none set, or a placeholder in the prod profile): the service still
 * starts (so a laptop without secrets can run it), logs one error saying why, reports not ready
 * with that reason, and answers every webhook 503 so Twilio uses its fallback URL. Asynchronous, so
 * it answers on the event loop instead of queueing on the worker pool (BrokerReadinessCheck).
 */
@Readiness
@ApplicationScoped
public class SignatureStartupCheck implements AsyncHealthCheck {

  private static final Logger LOG = Logger.getLogger(SignatureStartupCheck.class);
  static final String NAME = "Twilio signature validation";

  private final SignatureService signatures;

  public SignatureStartupCheck(SignatureService signatures) {
    this.signatures = signatures;
  }

  void onStart(@Observes StartupEvent event) {
    String misconfiguration = signatures.misconfiguration();
    if (!signatures.validationEnabled()) {
      LOG.warn(
          "Twilio signature validation is OFF (SMS_TWILIO_SIGNATURE_VALIDATION=false): anyone who can"
              + " reach /twilio/* can inject messages and statuses. Never run production like this.");
    } else if (misconfiguration != null) {
      // The reason names the variable, never its value.
      LOG.errorf(
          "Twilio signature validation is on but %s: every webhook will be answered 503 and"
              + " readiness is DOWN until the account's auth token is configured.",
          misconfiguration);
    }
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    String misconfiguration = signatures.misconfiguration();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME)
            .status(misconfiguration == null)
            .withData("validation", signatures.validationEnabled() ? "on" : "off");
    if (misconfiguration != null) {
      response.withData("reason", misconfiguration);
    }
    return Uni.createFrom().item(response.build());
  }
}
