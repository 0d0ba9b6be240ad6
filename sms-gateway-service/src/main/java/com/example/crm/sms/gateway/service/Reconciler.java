package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.gateway.client.CarrierClient;
import com.example.crm.sms.gateway.client.SendOutcome;
import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Settles what a crash, an unknown outcome or a missed callback left behind: stale claims go back
 * to the queue, sends a dead replica started become unknown outcomes, unknown outcomes past the
 * grace period are settled, and texts stuck in 'sent' have their status fetched. The carrier is
 * only ever called outside a transaction, a few calls at a time; what it says is applied like a
 * status callback (history once, forward only, in a short transaction of its own), so a callback
 * that arrives meanwhile is never overwritten.
 */
@ApplicationScoped
public class Reconciler {

  private static final Logger LOG = Logger.getLogger(Reconciler.class);
  private static final int BATCH = 100;

  /** Carrier calls at once: a reconciliation never takes the senders' threads all. */
  private static final int CARRIER_CALLS = 4;

  private final Pool pool;
  private final Vertx vertx;
  private final CarrierClient carrier;
  private final MessageRepository messages;
  private final MessageLifecycle lifecycle;
  private final LifecycleWriter writer;
  private final LostSends lostSends;
  private final StatusService statuses;
  private final GatewayConfig.Dispatcher config;

  private volatile boolean running;

  public Reconciler(
      Pool pool,
      Vertx vertx,
      CarrierClient carrier,
      MessageRepository messages,
      MessageLifecycle lifecycle,
      LifecycleWriter writer,
      LostSends lostSends,
      StatusService statuses,
      GatewayConfig config) {
    this.pool = pool;
    this.vertx = vertx;
    this.carrier = carrier;
    this.messages = messages;
    this.lifecycle = lifecycle;
    this.writer = writer;
    this.lostSends = lostSends;
    this.statuses = statuses;
    this.config = config.dispatcher();
  }

  void onStart(@Observes StartupEvent event) {
    if (config.enabled()) {
      running = true;
      next();
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
  }

  private void next() {
    if (running) {
      vertx.setTimer(config.reconcileInterval().toMillis(), t -> round());
    }
  }

  private void round() {
    if (!running) {
      return;
    }
    messages
        .releaseStaleClaims(pool, config.claimLease())
        .chain(this::settleAbandoned)
        .chain(this::settleUnknownOutcomes)
        .chain(this::settleStuckSent)
        .subscribe()
        .with(
            ok -> next(),
            failure -> {
              LOG.warnf("Reconciliation failed: %s", failure.toString());
              next();
            });
  }

  /** Nothing to ask anyone here, so the rows are settled under the lock that found them. */
  private Uni<Void> settleAbandoned() {
    return pool.withTransaction(
        tx ->
            messages
                .lockAbandonedSends(tx, config.claimLease(), BATCH)
                .chain(
                    list -> {
                      Uni<Void> chain = Uni.createFrom().voidItem();
                      for (MessageEntity m : list) {
                        chain = chain.chain(() -> writer.apply(tx, m, lifecycle.abandoned()));
                      }
                      return chain;
                    }));
  }

  private Uni<Void> settleUnknownOutcomes() {
    return messages
        .findUnknownOutcomes(pool, config.unknownOutcomeGrace(), BATCH)
        .chain(
            list ->
                each(list, m -> m.messageSid == null ? lostSends.settle(m) : fetch(m.messageSid)));
  }

  private Uni<Void> settleStuckSent() {
    return messages
        .leaseStuckSent(pool, config.stuckSentAfter(), BATCH)
        .chain(sids -> each(sids, this::fetch));
  }

  /** Asks the carrier for a message's status and applies it as a callback would be. */
  private Uni<Void> fetch(String sid) {
    return carrier
        .fetch(sid)
        .chain(
            outcome -> {
              if (!(outcome instanceof SendOutcome.Accepted a)) {
                LOG.debugf("Reconciling %s: the carrier answered %s", sid, outcome);
                return Uni.createFrom().voidItem();
              }
              return MessageStatus.fromWire(a.status())
                  .map(status -> statuses.apply(statuses.prepare(reported(sid, status, a))))
                  .orElseGet(() -> Uni.createFrom().voidItem());
            });
  }

  private static MessageStatusReportedEvent reported(
      String sid, MessageStatus status, SendOutcome.Accepted a) {
    return new MessageStatusReportedEvent(
        UUID.randomUUID(),
        MessageStatusReportedEvent.TYPE,
        MessageEntity.now(),
        MessageStatusReportedEvent.SCHEMA_VERSION,
        sid,
        null,
        status,
        a.errorCode(),
        a.errorMessage(),
        null,
        null,
        null,
        null);
  }

  /** One step per item, {@link #CARRIER_CALLS} at a time; one failing step spoils no other. */
  private static <T> Uni<Void> each(List<T> items, Function<T, Uni<Void>> step) {
    return Multi.createFrom()
        .iterable(items)
        .onItem()
        .transformToUni(
            item ->
                step.apply(item)
                    .onFailure()
                    .invoke(f -> LOG.warnf("Reconciling %s failed: %s", item, f.toString()))
                    .onFailure()
                    .recoverWithNull())
        .merge(CARRIER_CALLS)
        .collect()
        .last()
        .replaceWithVoid();
  }
}
