package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.repository.IdempotencyRepository;
import com.example.crm.sms.gateway.repository.RateSlotRepository;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes idempotency keys older than the retention (default 24 h), and on the same timer the
 * rate-limit slots of senders idle for an hour: neither table grows with the traffic.
 */
@ApplicationScoped
public class IdempotencyPurger {

  private static final Logger LOG = Logger.getLogger(IdempotencyPurger.class);

  /** A slot this far in the past is the same as none: the next reservation starts now. */
  static final Duration RATE_SLOT_IDLE = Duration.ofHours(1);

  private final Pool pool;
  private final Vertx vertx;
  private final IdempotencyRepository keys;
  private final RateSlotRepository slots;
  private final GatewayConfig.Idempotency config;

  public IdempotencyPurger(
      Pool pool,
      Vertx vertx,
      IdempotencyRepository keys,
      RateSlotRepository slots,
      GatewayConfig config) {
    this.pool = pool;
    this.vertx = vertx;
    this.keys = keys;
    this.slots = slots;
    this.config = config.idempotency();
  }

  void onStart(@Observes StartupEvent event) {
    vertx.setPeriodic(
        config.purgeInterval().toMillis(),
        t -> {
          keys.purgeOlderThan(pool, config.retention())
              .subscribe()
              .with(
                  n -> LOG.debugf("Purged %d idempotency keys", n),
                  f -> LOG.warnf("Purging idempotency keys failed: %s", f.toString()));
          slots
              .purgeIdle(pool, RATE_SLOT_IDLE)
              .subscribe()
              .with(
                  n -> LOG.debugf("Purged %d idle rate-limit slots", n),
                  f -> LOG.warnf("Purging rate-limit slots failed: %s", f.toString()));
        });
  }
}
