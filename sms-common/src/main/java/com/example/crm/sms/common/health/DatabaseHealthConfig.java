package com.example.crm.sms.common.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The database's readiness check: {@code SMS_HEALTH_DATABASE_*}. */
@ConfigMapping(prefix = "sms.health.database")
public interface DatabaseHealthConfig {

  /**
   * Whether the service has this check (a build-time property: the services with a database set it
   * in their application.properties).
   */
  @WithDefault("false")
  boolean enabled();

  /** How often the database is asked {@code SELECT 1}, in the background. */
  @WithDefault("1s")
  Duration probeInterval();

  /** How long one probe may take before it counts as failed. */
  @WithDefault("2s")
  Duration probeTimeout();

  /**
   * Readiness goes DOWN when no probe succeeded for this long: a real outage, not a slow moment
   * under load (the probe waits for a pool connection like any request).
   */
  @WithDefault("10s")
  Duration downAfter();
}
