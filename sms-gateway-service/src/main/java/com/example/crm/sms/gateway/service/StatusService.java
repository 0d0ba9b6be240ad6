package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.gateway.client.SendOutcome;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import com.example.crm.sms.gateway.repository.StatusHistoryRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Applies Twilio status callbacks (sms.status.v1). Each (MessageSid, status) is stored once in the
 * history; a new one moves its message forward only. A callback for a SID no message carries yet
 * (Twilio can call back before the dispatcher has stored the SID it got) stays in the history and
 * is applied when the dispatcher stores that SID.
 */
@ApplicationScoped
public class StatusService {

  private static final Logger LOG = Logger.getLogger(StatusService.class);

  private final Pool pool;
  private final StatusHistoryRepository history;
  private final MessageRepository messages;
  private final OptOutRepository optOuts;
  private final MessageChanges changes;

  public StatusService(
      Pool pool,
      StatusHistoryRepository history,
      MessageRepository messages,
      OptOutRepository optOuts,
      MessageChanges changes) {
    this.pool = pool;
    this.history = history;
    this.messages = messages;
    this.optOuts = optOuts;
    this.changes = changes;
  }

  public Uni<Void> apply(MessageStatusReportedEvent e) {
    if (e == null || e.messageSid() == null || e.messageSid().isBlank() || e.status() == null) {
      return Uni.createFrom()
          .failure(new InvalidEventException("status event without MessageSid or status"));
    }
    return pool.withTransaction(
        tx ->
            history
                .insertOnce(tx, e)
                .chain(
                    isNew -> {
                      if (!isNew) {
                        return Uni.createFrom().voidItem();
                      }
                      return messages
                          .lockBySid(tx, e.messageSid())
                          .chain(
                              m -> {
                                if (m == null) {
                                  LOG.debugf(
                                      "Status %s for unknown SID %s kept in history",
                                      e.status().wireValue(), e.messageSid());
                                  return Uni.createFrom().voidItem();
                                }
                                Uni<Void> optOut =
                                    e.errorCode() != null
                                            && e.errorCode() == SendOutcome.UNSUBSCRIBED
                                        ? optOuts
                                            .upsert(tx, m.toNumber, true, "error-21610", null)
                                            .replaceWithVoid()
                                        : Uni.createFrom().voidItem();
                                boolean moved =
                                    StatusTransitions.apply(
                                        m,
                                        e.status(),
                                        e.errorCode(),
                                        e.errorMessage(),
                                        MessageEntity.now());
                                return optOut.chain(
                                    () ->
                                        moved
                                            ? changes.changed(tx, m)
                                            : Uni.createFrom().voidItem());
                              });
                    }));
  }
}
