package com.example.crm.sms.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * How webhooks are checked to come from Twilio. The prefix gives the platform's shared names:
 * sms.twilio.auth-token is SMS_TWILIO_AUTH_TOKEN, the token the gateway's simulated carrier signs
 * with.
 */
@ConfigMapping(prefix = "sms.twilio")
public interface TwilioConfig {

  /** The auth token Twilio signs webhooks with. */
  Optional<String> authToken();

  /** A second accepted token, so the primary can be rotated without losing webhooks. */
  Optional<String> authTokenSecondary();

  /** Checking X-Twilio-Signature; turning it off is logged as a warning at every start. */
  @WithDefault("true")
  boolean signatureValidation();
}
