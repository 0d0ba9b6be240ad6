package com.example.crm.sms.common.health;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the database, answered from the last background probe: a health call never waits for
 * a pool connection behind request work (Kubernetes' probe timeout is 1 s), and one slow probe
 * under load does not take the pod out of its Service; only {@code SMS_HEALTH_DATABASE_DOWN_AFTER}
 * without a successful probe does. It replaces Quarkus's own datasource check (which runs a query
 * per health call), in the services that set the build property {@code
 * sms.health.database.enabled=true}. An asynchronous check: Quarkus runs a synchronous one on the
 * worker pool, where it waited for a free worker behind request work; this one answers on the event
 * loop, reading two fields.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "sms.health.database.enabled", stringValue = "true")
public class DatabaseReadiness implements AsyncHealthCheck {

  public static final String NAME = "Database";

  private final Pool pool;
  private final Vertx vertx;
  private final DatabaseHealthConfig config;
  private final Clock clock;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile Instant lastOk;
  private volatile String lastError = "not probed yet";
  private volatile long timer = -1;

  public DatabaseReadiness(Pool pool, Vertx vertx, DatabaseHealthConfig config) {
    this.pool = pool;
    this.vertx = vertx;
    this.config = config;
    this.clock = Clock.systemUTC();
  }

  void onStart(@Observes StartupEvent event) {
    probe();
    timer = vertx.setPeriodic(config.probeInterval().toMillis(), t -> probe());
  }

  void onStop(@Observes ShutdownEvent event) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** One probe at a time: a probe still waiting is not joined by another. */
  private void probe() {
    if (!probing.compareAndSet(false, true)) {
      return;
    }
    Uni.createFrom()
        .completionStage(() -> pool.query("SELECT 1").execute().toCompletionStage())
        .ifNoItem()
        .after(config.probeTimeout())
        .fail()
        .subscribe()
        .with(
            ok -> {
              lastOk = clock.instant();
              lastError = null;
              probing.set(false);
            },
            failure -> {
              lastError = failure.toString();
              probing.set(false);
            });
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return Uni.createFrom().item(this::state);
  }

  private HealthCheckResponse state() {
    Instant ok = lastOk;
    boolean up =
        ok != null && Duration.between(ok, clock.instant()).compareTo(config.downAfter()) <= 0;
    var response = HealthCheckResponse.named(NAME).status(up);
    if (ok != null) {
      response.withData("lastSuccess", ok.toString());
    }
    String error = lastError;
    if (error != null) {
      response.withData("lastError", error);
    }
    return response.build();
  }
}
