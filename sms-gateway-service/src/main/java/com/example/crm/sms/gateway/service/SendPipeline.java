package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.gateway.client.CarrierClient;
import com.example.crm.sms.gateway.client.CarrierClient.OutgoingSms;
import com.example.crm.sms.gateway.client.SendOutcome;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Sends one claimed text: the opt-out check (rule 7), the breaker, the mark that the send started
 * (after it, a replica that dies leaves an unknown outcome, never a second text), the carrier call,
 * and the outcome stored as {@link MessageLifecycle} decides.
 */
@ApplicationScoped
public class SendPipeline {

  private static final Logger LOG = Logger.getLogger(SendPipeline.class);

  private final Pool pool;
  private final CarrierClient carrier;
  private final CarrierBreaker breaker;
  private final MessageRepository messages;
  private final OptOutRepository optOuts;
  private final MessageLifecycle lifecycle;
  private final LifecycleWriter writer;
  private final MeterRegistry registry;

  public SendPipeline(
      Pool pool,
      CarrierClient carrier,
      CarrierBreaker breaker,
      MessageRepository messages,
      OptOutRepository optOuts,
      MessageLifecycle lifecycle,
      LifecycleWriter writer,
      MeterRegistry registry) {
    this.pool = pool;
    this.carrier = carrier;
    this.breaker = breaker;
    this.messages = messages;
    this.optOuts = optOuts;
    this.lifecycle = lifecycle;
    this.writer = writer;
    this.registry = registry;
  }

  /** Completes when the text's outcome is stored (or, should that fail, logged). */
  public Uni<Void> send(MessageEntity claimed, UUID replica) {
    return optOuts
        .isOptedOut(pool, claimed.toNumber)
        .chain(
            optedOut -> optedOut ? refuseOptedOut(claimed.id, replica) : attempt(claimed, replica))
        .onFailure()
        .invoke(
            failure ->
                LOG.errorf(
                    "Could not record the send of message %s (%s); the reconciler settles it",
                    claimed.id, failure.toString()));
  }

  private Uni<Void> attempt(MessageEntity claimed, UUID replica) {
    OutgoingSms sms =
        new OutgoingSms(
            claimed.toNumber, claimed.fromNumber, claimed.messagingServiceSid, claimed.body);
    return breaker
        .call(
            () ->
                messages
                    .markSendStarted(pool, claimed.id, replica)
                    .chain(started -> started ? carrier.send(sms) : giveBack(claimed, replica)))
        .chain(outcome -> outcome == null ? Uni.createFrom().voidItem() : record(claimed, outcome))
        // The breaker is open: the send never started, so the text simply goes back to the queue.
        .onFailure(CircuitBreakerOpenException.class)
        .recoverWithUni(
            () -> messages.release(pool, replica, new UUID[] {claimed.id}).replaceWithVoid());
  }

  /**
   * The send did not start (canceled, its campaign paused, or the claim lost): the claim goes back
   * at once rather than after the lease; nothing reaches the carrier.
   */
  private Uni<SendOutcome> giveBack(MessageEntity claimed, UUID replica) {
    return messages
        .release(pool, replica, new UUID[] {claimed.id})
        .onItem()
        .transform(released -> (SendOutcome) null);
  }

  private Uni<Void> refuseOptedOut(UUID id, UUID replica) {
    return writer.applyIfStill(
        id,
        m ->
            m.status == MessageStatus.QUEUED && m.messageSid == null && replica.equals(m.claimedBy),
        this::optedOut);
  }

  /** Rule 7: a campaign counts the text as skipped (skipped_opted_out); a single text fails. */
  private RowChange optedOut(MessageEntity m) {
    if (m.campaignId == null) {
      return lifecycle.optedOutBeforeSend();
    }
    m.skippedOptedOut = true;
    return lifecycle.skippedOptedOut();
  }

  private Uni<Void> apply(SqlClient tx, MessageEntity m, SendOutcome outcome) {
    if (m == null) {
      return Uni.createFrom().voidItem();
    }
    RowChange change = lifecycle.afterSend(m.attempts, outcome, MessageEntity.now());
    if (change.retryAt() != null) {
      LOG.infof(
          "Message %s: %s; next attempt at %s", m.id, change.errorMessage(), change.retryAt());
    }
    return writer.apply(tx, m, change);
  }

  /** Stores what the carrier said, with a few retries should the database hiccup. */
  private Uni<Void> record(MessageEntity claimed, SendOutcome outcome) {
    registry
        .counter(
            "sms.gateway.sends",
            "outcome",
            outcome.getClass().getSimpleName().toLowerCase(Locale.ROOT))
        .increment();
    if (outcome instanceof SendOutcome.Unknown u) {
      LOG.warnf("Message %s: outcome unknown (%s); it is not re-sent", claimed.id, u.reason());
    }
    return pool.withTransaction(
            tx -> messages.lockById(tx, claimed.id).chain(m -> apply(tx, m, outcome)))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .atMost(5);
  }
}
