package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.gateway.client.CarrierClient;
import com.example.crm.sms.gateway.client.SendOutcome;
import com.example.crm.sms.gateway.client.SentMessage;
import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Unknown outcomes without a SID (the answer to our create was lost, or the dispatcher died while
 * sending). The carrier may still have sent the text, and sending it again would text the person
 * twice (rule 6), so the carrier's messages to the number since the send started are searched for
 * it (Twilio's Messages list by To, From and DateSent). Found, the text takes the carrier's SID and
 * status; not found within the configured search time, it is failed for people to see. A search
 * that fails concludes nothing: it is tried again in the next round.
 */
@ApplicationScoped
public class LostSends {

  private static final Logger LOG = Logger.getLogger(LostSends.class);

  /** Our clock and the carrier's may differ a little: the search starts this much earlier. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  private final Pool pool;
  private final CarrierClient carrier;
  private final MessageRepository messages;
  private final MessageLifecycle lifecycle;
  private final LifecycleWriter writer;
  private final GatewayConfig.Dispatcher config;

  public LostSends(
      Pool pool,
      CarrierClient carrier,
      MessageRepository messages,
      MessageLifecycle lifecycle,
      LifecycleWriter writer,
      GatewayConfig config) {
    this.pool = pool;
    this.carrier = carrier;
    this.messages = messages;
    this.lifecycle = lifecycle;
    this.writer = writer;
    this.config = config.dispatcher();
  }

  /** Settles {@code m} if the search tells how; else leaves it for the next round. */
  Uni<Void> settle(MessageEntity m) {
    Instant started = m.sendStartedAt != null ? m.sendStartedAt : m.createdAt;
    return carrier
        .sentTo(m.toNumber, m.fromNumber, started.minus(CLOCK_SKEW))
        .chain(
            sent ->
                messages
                    .knownSids(
                        pool, sent.stream().map(SentMessage::messageSid).toArray(String[]::new))
                    .map(
                        known ->
                            LostSendMatch.find(
                                m.fromNumber, m.messagingServiceSid, m.body, started, sent, known)))
        .chain(
            found -> {
              if (found.isPresent()) {
                return adopt(m.id, found.get());
              }
              Instant giveUpAt =
                  m.outcomeUnknownAt
                      .plus(config.unknownOutcomeGrace())
                      .plus(config.unknownOutcomeSearchFor());
              return Instant.now().isAfter(giveUpAt) ? notFound(m.id) : Uni.createFrom().voidItem();
            })
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.warnf("Could not search the carrier for text %s: %s", m.id, e.toString());
              return Uni.createFrom().voidItem();
            });
  }

  /** The carrier did send it: the text takes its SID and status, as if the answer had come. */
  private Uni<Void> adopt(UUID id, SentMessage sent) {
    SendOutcome.Accepted accepted =
        new SendOutcome.Accepted(
            sent.messageSid(), sent.status(), sent.errorCode(), sent.errorMessage());
    LOG.infof("Text %s was found at the carrier as %s: not failed", id, sent.messageSid());
    return writer.applyIfStill(
        id,
        m -> m.outcomeUnknown && m.messageSid == null && m.status == MessageStatus.UNKNOWN,
        m -> lifecycle.afterSend(m.attempts, accepted, MessageEntity.now()));
  }

  /** Nothing found at the carrier: settled for people to see and decide. */
  private Uni<Void> notFound(UUID id) {
    return writer.applyIfStill(
        id,
        m -> m.outcomeUnknown && m.status == MessageStatus.UNKNOWN,
        m -> lifecycle.unreconcilable(m.errorMessage));
  }
}
