package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.event.OutboxPublisher;
import com.example.crm.sms.gateway.repository.OutboxRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox. In one transaction: take the relay's advisory lock (one relaying replica at
 * a time keeps each message's events in order), lock the oldest unpublished rows, publish them and
 * wait for the broker's acks, then mark them. A crash before the mark publishes them again (at
 * least once; consumers dedupe by eventId), never zero times.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final Pool pool;
  private final Vertx vertx;
  private final OutboxRepository outbox;
  private final OutboxPublisher publisher;
  private final GatewayConfig.Relay config;
  private volatile boolean running;

  public OutboxRelay(
      Pool pool,
      Vertx vertx,
      OutboxRepository outbox,
      OutboxPublisher publisher,
      GatewayConfig config) {
    this.pool = pool;
    this.vertx = vertx;
    this.outbox = outbox;
    this.publisher = publisher;
    this.config = config.relay();
  }

  void onStart(@Observes StartupEvent event) {
    if (config.enabled()) {
      running = true;
      vertx.setTimer(1, t -> round());
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
  }

  private void round() {
    if (!running) {
      return;
    }
    pool.withTransaction(
            tx ->
                outbox
                    .tryRelayLock(tx)
                    .chain(
                        locked ->
                            locked
                                ? outbox
                                    .lockUnpublished(tx, config.batchSize())
                                    .chain(records -> publish(tx, records))
                                : Uni.createFrom().item(0)))
        .subscribe()
        .with(
            n -> next(n >= config.batchSize() ? 1 : config.pollInterval().toMillis()),
            failure -> {
              LOG.warnf("Outbox relay round failed (%s); retrying", failure.toString());
              next(config.pollInterval().toMillis() * 10);
            });
  }

  private Uni<Integer> publish(
      io.vertx.mutiny.sqlclient.SqlClient tx, List<OutboxRepository.OutboxRecord> records) {
    if (records.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return Uni.join()
        .all(records.stream().map(publisher::publish).toList())
        .andFailFast()
        .chain(
            () ->
                outbox.markPublished(
                    tx,
                    records.stream().map(OutboxRepository.OutboxRecord::id).toArray(Long[]::new)))
        .replaceWith(records.size());
  }

  private void next(long delayMillis) {
    if (running) {
      vertx.setTimer(Math.max(1, delayMillis), t -> round());
    }
  }
}
