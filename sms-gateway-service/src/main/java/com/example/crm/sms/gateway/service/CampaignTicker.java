package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.repository.CampaignRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Moves campaigns by themselves: a scheduled one whose time came (by the {@link Clock}) starts
 * sending, a sending one with no text left to hand to the carrier is completed. Two statements that
 * every replica may run: each is idempotent.
 */
@ApplicationScoped
public class CampaignTicker {

  private static final Logger LOG = Logger.getLogger(CampaignTicker.class);

  private final Pool pool;
  private final Vertx vertx;
  private final CampaignRepository campaigns;
  private final Clock clock;
  private final GatewayConfig config;
  private volatile boolean running;

  public CampaignTicker(
      Pool pool, Vertx vertx, CampaignRepository campaigns, Clock clock, GatewayConfig config) {
    this.pool = pool;
    this.vertx = vertx;
    this.campaigns = campaigns;
    this.clock = clock;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.dispatcher().enabled()) {
      running = true;
      next();
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
  }

  private void next() {
    next(config.campaign().tickInterval().toMillis());
  }

  private void next(long delayMillis) {
    if (running) {
      vertx.setTimer(delayMillis, t -> tick());
    }
  }

  private void tick() {
    campaigns
        .startDue(pool, clock.instant())
        .chain(() -> campaigns.completeFinished(pool))
        .subscribe()
        .with(
            ok -> next(),
            failure -> {
              // A database outage: try again, less often, without a line per tick.
              LOG.warnf("Campaign tick failed: %s", failure.toString());
              next(config.campaign().tickInterval().toMillis() * 20);
            });
  }
}
