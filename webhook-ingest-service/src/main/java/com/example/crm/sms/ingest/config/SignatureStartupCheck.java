package com.example.crm.sms.ingest.config;

import com.example.crm.sms.ingest.service.SignatureService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Makes the signature set-up visible. Validation switched off: a warning at every start. Validation
 * on without a token: the service still starts (so a laptop without secrets can run it), logs an
 * error, reports not ready, and answers every webhook 503 so Twilio uses its fallback URL.
 */
@Readiness
@ApplicationScoped
public class SignatureStartupCheck implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(SignatureStartupCheck.class);
  static final String NAME = "Twilio signature validation";

  private final SignatureService signatures;

  public SignatureStartupCheck(SignatureService signatures) {
    this.signatures = signatures;
  }

  void onStart(@Observes StartupEvent event) {
    if (!signatures.validationEnabled()) {
      LOG.warn(
          "Twilio signature validation is OFF (TWILIO_SIGNATURE_VALIDATION=false): anyone who can"
              + " reach /twilio/* can inject messages and statuses. Never run production like this.");
    } else if (signatures.misconfigured()) {
      LOG.error(
          "Twilio signature validation is on but TWILIO_AUTH_TOKEN is not set: every webhook will"
              + " be answered 503 and readiness is DOWN until it is configured.");
    }
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named(NAME)
        .status(!signatures.misconfigured())
        .withData("validation", signatures.validationEnabled() ? "on" : "off")
        .build();
  }
}
