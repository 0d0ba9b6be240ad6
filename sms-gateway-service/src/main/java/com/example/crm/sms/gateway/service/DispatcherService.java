package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.gateway.client.CarrierClient;
import com.example.crm.sms.gateway.client.CarrierClient.OutgoingSms;
import com.example.crm.sms.gateway.client.SendOutcome;
import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.repository.Columns;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import com.example.crm.sms.gateway.repository.RateSlotRepository;
import com.example.crm.sms.gateway.repository.StatusHistoryRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends queued texts. Each round claims due rows (UPDATE ... FOR UPDATE SKIP LOCKED, so replicas
 * never share one), paces them per sender and per account with slots shared by all replicas
 * (rate_slots), and calls the carrier off the event loop. A send is marked started before the call:
 * a replica that dies after that leaves an unknown outcome, never a second text. 429s and refused
 * connections come back with exponential backoff; timeouts and 5xx become unknown outcomes that are
 * reconciled, never re-sent.
 */
@ApplicationScoped
public class DispatcherService {

  private static final Logger LOG = Logger.getLogger(DispatcherService.class);
  private static final int RECONCILE_BATCH = 100;

  private final UUID replica = UUID.randomUUID();
  private final Pool pool;
  private final Vertx vertx;
  private final CarrierClient carrier;
  private final MessageRepository messages;
  private final StatusHistoryRepository history;
  private final OptOutRepository optOuts;
  private final MessageChanges changes;
  private final GatewayConfig.Dispatcher config;
  private final RateSlotRepository slots;
  private final MeterRegistry registry;
  private final CircuitBreaker breaker;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean running;

  public DispatcherService(
      Pool pool,
      Vertx vertx,
      CarrierClient carrier,
      MessageRepository messages,
      StatusHistoryRepository history,
      OptOutRepository optOuts,
      MessageChanges changes,
      RateSlotRepository slots,
      MeterRegistry registry,
      GatewayConfig config) {
    this.registry = registry;
    this.pool = pool;
    this.vertx = vertx;
    this.carrier = carrier;
    this.messages = messages;
    this.history = history;
    this.optOuts = optOuts;
    this.changes = changes;
    this.config = config.dispatcher();
    this.slots = slots;
    this.breaker =
        new CircuitBreaker(
            this.config.breakerFailureThreshold(), this.config.breakerOpenDuration().toNanos());
  }

  void onStart(@Observes StartupEvent event) {
    if (config.enabled()) {
      running = true;
      vertx.setTimer(config.pollInterval().toMillis(), t -> round());
      vertx.setTimer(config.reconcileInterval().toMillis(), t -> reconcileRound());
      LOG.infof(
          "Dispatcher %s sends through %s at %.2f segments/s per sender, %.2f per account",
          replica,
          carrier.name(),
          config.perSenderSegmentsPerSecond(),
          config.accountSegmentsPerSecond());
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
  }

  private void round() {
    if (!running) {
      return;
    }
    CircuitBreaker.State state = breaker.state(System.nanoTime());
    int room =
        state == CircuitBreaker.State.CLOSED
            ? config.batchSize() - inFlight.get()
            : state == CircuitBreaker.State.HALF_OPEN && inFlight.get() == 0 ? 1 : 0;
    if (room <= 0) {
      next(config.pollInterval().toMillis());
      return;
    }
    messages
        .claimDue(pool, replica, room, config.lookahead())
        .chain(claimed -> schedule(claimed).replaceWith(claimed.size()))
        .subscribe()
        .with(
            n -> next(n >= room ? 1 : config.pollInterval().toMillis()),
            failure -> {
              LOG.warnf("Dispatcher could not claim texts: %s", failure.toString());
              next(config.pollInterval().toMillis() * 4);
            });
  }

  private void next(long delayMillis) {
    if (running) {
      vertx.setTimer(Math.max(1, delayMillis), t -> round());
    }
  }

  /** Reserves each text's slot (shared by all replicas) and sends it then, in claim order. */
  private Uni<Integer> schedule(List<MessageEntity> claimed) {
    List<UUID> later = new ArrayList<>();
    Set<String> full = new HashSet<>();
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (MessageEntity m : claimed) {
      chain =
          chain.chain(
              () -> {
                // Once a sender has no slot within the lookahead, its later texts have none either.
                if (full.contains(m.senderKey())) {
                  later.add(m.id);
                  return Uni.createFrom().voidItem();
                }
                return slots
                    .reserve(
                        pool,
                        m.senderKey(),
                        m.segments,
                        config.perSenderSegmentsPerSecond(),
                        config.accountSegmentsPerSecond(),
                        config.lookahead())
                    .invoke(
                        wait -> {
                          if (wait < 0) {
                            full.add(m.senderKey());
                            later.add(m.id);
                            return;
                          }
                          inFlight.incrementAndGet();
                          if (wait == 0) {
                            send(m);
                          } else {
                            vertx.setTimer(wait, t -> send(m));
                          }
                        })
                    .onFailure()
                    .invoke(f -> later.add(m.id))
                    .onFailure()
                    .recoverWithNull()
                    .replaceWithVoid();
              });
    }
    return chain.chain(
        () ->
            later.isEmpty()
                ? Uni.createFrom().item(0)
                : messages.release(pool, replica, later.toArray(UUID[]::new)));
  }

  private void send(MessageEntity claimed) {
    if (!breaker.allow(System.nanoTime())) {
      messages
          .release(pool, replica, new UUID[] {claimed.id})
          .subscribe()
          .with(n -> inFlight.decrementAndGet(), f -> inFlight.decrementAndGet());
      return;
    }
    optOuts
        .isOptedOut(pool, claimed.toNumber)
        .chain(
            optedOut ->
                optedOut
                    ? refuseOptedOut(claimed.id).replaceWith(false)
                    : messages.markSendStarted(pool, claimed.id, replica))
        .chain(
            started -> {
              if (!started) {
                return Uni.createFrom().voidItem();
              }
              return carrier
                  .send(
                      new OutgoingSms(
                          claimed.toNumber,
                          claimed.fromNumber,
                          claimed.messagingServiceSid,
                          claimed.body))
                  .chain(outcome -> record(claimed.id, outcome));
            })
        .subscribe()
        .with(
            ok -> inFlight.decrementAndGet(),
            failure -> {
              inFlight.decrementAndGet();
              LOG.errorf(
                  "Could not record the send of message %s (%s); the reconciler settles it",
                  claimed.id, failure.toString());
            });
  }

  /** The recipient opted out after the text was queued (rule 7): it is not sent. */
  private Uni<Void> refuseOptedOut(UUID id) {
    return pool.withTransaction(
        tx ->
            messages
                .lockById(tx, id)
                .chain(
                    m -> {
                      if (m == null
                          || m.status != MessageStatus.QUEUED
                          || m.messageSid != null
                          || !replica.equals(m.claimedBy)) {
                        return Uni.createFrom().voidItem();
                      }
                      m.claimedBy = null;
                      m.claimedAt = null;
                      m.status = MessageStatus.FAILED;
                      m.failedAt = MessageEntity.now();
                      m.errorMessage =
                          "Not sent: the recipient opted out after the text was queued";
                      return changes.changed(tx, m);
                    }));
  }

  /** Stores what the carrier said, with a few retries should the database hiccup. */
  private Uni<Void> record(UUID id, SendOutcome outcome) {
    registry
        .counter(
            "sms.gateway.sends",
            "outcome",
            outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
        .increment();
    if (outcome instanceof SendOutcome.Accepted || outcome instanceof SendOutcome.Rejected) {
      breaker.onSuccess();
    } else {
      breaker.onFailure(System.nanoTime());
    }
    return pool.withTransaction(
            tx ->
                messages
                    .lockById(tx, id)
                    .chain(m -> m == null ? Uni.createFrom().voidItem() : apply(tx, m, outcome)))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .atMost(5);
  }

  private Uni<Void> apply(SqlClient tx, MessageEntity m, SendOutcome outcome) {
    Instant now = MessageEntity.now();
    m.claimedBy = null;
    m.claimedAt = null;
    if (outcome instanceof SendOutcome.Accepted a) {
      return accepted(tx, m, a, now);
    }
    if (outcome instanceof SendOutcome.Rejected r) {
      m.status = MessageStatus.FAILED;
      m.failedAt = now;
      m.errorCode = r.errorCode();
      // Twilio's words, stored: cleaned by the same rule as every text we did not write.
      m.errorMessage = SafeText.cleaned(r.errorMessage());
      Uni<Void> optOut =
          r.errorCode() != null && r.errorCode() == SendOutcome.UNSUBSCRIBED
              ? optOuts.upsert(tx, m.toNumber, true, "error-21610", null).replaceWithVoid()
              : Uni.createFrom().voidItem();
      return optOut.chain(() -> changes.changed(tx, m));
    }
    if (outcome instanceof SendOutcome.Retryable r) {
      m.sendStartedAt = null;
      if (m.attempts >= config.maxAttempts()) {
        m.status = MessageStatus.FAILED;
        m.failedAt = now;
        m.errorMessage = "Not sent after " + m.attempts + " attempts: " + r.reason();
        return changes.changed(tx, m);
      }
      Duration wait = backoff(m.attempts);
      m.nextAttemptAt = now.plus(wait);
      m.errorMessage = "Attempt " + m.attempts + " not sent (" + r.reason() + "); retrying";
      LOG.infof("Message %s: %s; next attempt in %d ms", m.id, r.reason(), wait.toMillis());
      return changes.bookkeeping(tx, m);
    }
    SendOutcome.Unknown u = (SendOutcome.Unknown) outcome;
    m.status = MessageStatus.UNKNOWN;
    m.outcomeUnknown = true;
    m.outcomeUnknownAt = now;
    m.errorMessage = "Outcome unknown: " + u.reason() + "; not re-sent automatically";
    LOG.warnf("Message %s: outcome unknown (%s); it is not re-sent", m.id, u.reason());
    return changes.changed(tx, m);
  }

  private Uni<Void> accepted(SqlClient tx, MessageEntity m, SendOutcome.Accepted a, Instant now) {
    m.messageSid = StoredValues.fitted(SafeText.cleaned(a.messageSid()), Columns.SID);
    m.sentAt = m.sentAt == null ? now : m.sentAt;
    m.outcomeUnknown = false;
    m.errorMessage = null;
    String errorMessage = SafeText.cleaned(a.errorMessage());
    MessageStatus.fromWire(a.status())
        .ifPresent(s -> StatusTransitions.apply(m, s, a.errorCode(), errorMessage, now));
    // Callbacks that beat us to the database were kept under the SID; apply them now.
    return history
        .forSid(tx, a.messageSid())
        .chain(
            early -> {
              early.forEach(
                  s ->
                      StatusTransitions.apply(m, s.status(), s.errorCode(), s.errorMessage(), now));
              return changes.changed(tx, m);
            });
  }

  Duration backoff(int attempts) {
    long base = config.initialBackoff().toMillis() << Math.min(20, Math.max(0, attempts - 1));
    long capped = Math.min(base, config.maxBackoff().toMillis());
    long jitter = (long) (capped * 0.1 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(capped + jitter);
  }

  /** Settles what a crash or an unknown outcome left behind. */
  private void reconcileRound() {
    if (!running) {
      return;
    }
    messages
        .releaseStaleClaims(pool, config.claimLease())
        .chain(
            () ->
                pool.withTransaction(
                    tx ->
                        messages
                            .lockAbandonedSends(tx, config.claimLease(), RECONCILE_BATCH)
                            .chain(list -> each(list, m -> abandoned(tx, m)))))
        .chain(
            () ->
                pool.withTransaction(
                    tx ->
                        messages
                            .lockUnknownOutcomes(tx, config.unknownOutcomeGrace(), RECONCILE_BATCH)
                            .chain(list -> each(list, m -> reconcile(tx, m)))))
        .subscribe()
        .with(
            ok -> vertx.setTimer(config.reconcileInterval().toMillis(), t -> reconcileRound()),
            failure -> {
              LOG.warnf("Reconciliation failed: %s", failure.toString());
              vertx.setTimer(config.reconcileInterval().toMillis(), t -> reconcileRound());
            });
  }

  private Uni<Void> abandoned(SqlClient tx, MessageEntity m) {
    m.claimedBy = null;
    m.claimedAt = null;
    m.status = MessageStatus.UNKNOWN;
    m.outcomeUnknown = true;
    m.outcomeUnknownAt = MessageEntity.now();
    m.errorMessage =
        "Outcome unknown: the dispatcher stopped while sending; not re-sent automatically";
    return changes.changed(tx, m);
  }

  private Uni<Void> reconcile(SqlClient tx, MessageEntity m) {
    if (m.messageSid != null) {
      return carrier
          .fetch(m.messageSid)
          .chain(
              outcome -> {
                Instant now = MessageEntity.now();
                if (outcome instanceof SendOutcome.Accepted a) {
                  MessageStatus.fromWire(a.status())
                      .ifPresent(
                          s ->
                              StatusTransitions.apply(
                                  m, s, a.errorCode(), SafeText.cleaned(a.errorMessage()), now));
                  m.outcomeUnknown = false;
                  return changes.changed(tx, m);
                }
                return Uni.createFrom().voidItem();
              });
    }
    // Without a SID there is nothing to ask the carrier: settle it so people see it and decide.
    m.status = MessageStatus.FAILED;
    m.failedAt = MessageEntity.now();
    m.errorMessage =
        (m.errorMessage == null ? "Outcome unknown" : m.errorMessage)
            + "; no carrier SID to reconcile, marked failed (check before sending again)";
    return changes.changed(tx, m);
  }

  private static Uni<Void> each(
      List<MessageEntity> list, java.util.function.Function<MessageEntity, Uni<Void>> step) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (MessageEntity m : list) {
      chain = chain.chain(() -> step.apply(m));
    }
    return chain;
  }
}
