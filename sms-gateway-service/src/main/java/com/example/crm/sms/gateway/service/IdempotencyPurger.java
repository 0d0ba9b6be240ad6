package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.repository.IdempotencyRepository;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Deletes idempotency keys older than the retention (default 24 h). */
@ApplicationScoped
public class IdempotencyPurger {

  private static final Logger LOG = Logger.getLogger(IdempotencyPurger.class);

  private final Pool pool;
  private final Vertx vertx;
  private final IdempotencyRepository keys;
  private final GatewayConfig.Idempotency config;

  public IdempotencyPurger(
      Pool pool, Vertx vertx, IdempotencyRepository keys, GatewayConfig config) {
    this.pool = pool;
    this.vertx = vertx;
    this.keys = keys;
    this.config = config.idempotency();
  }

  void onStart(@Observes StartupEvent event) {
    vertx.setPeriodic(
        config.purgeInterval().toMillis(),
        t ->
            keys.purgeOlderThan(pool, config.retention())
                .subscribe()
                .with(
                    n -> LOG.debugf("Purged %d idempotency keys", n),
                    f -> LOG.warnf("Purging idempotency keys failed: %s", f.toString())));
  }
}
