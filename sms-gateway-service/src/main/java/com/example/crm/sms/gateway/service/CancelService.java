package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Cancels a text that has not been handed to the carrier: scheduled, held, or queued and not yet
 * sending. Under the row's lock, so a dispatcher about to send it finds it canceled (its
 * send-started mark needs the row queued) and a text whose send started is a 409.
 */
@ApplicationScoped
public class CancelService {

  private final Pool pool;
  private final MessageRepository messages;
  private final MessageChanges changes;

  public CancelService(Pool pool, MessageRepository messages, MessageChanges changes) {
    this.pool = pool;
    this.messages = messages;
    this.changes = changes;
  }

  public Uni<Message> cancel(String rawId, String byName) {
    UUID id = MessageService.messageId(rawId);
    return pool.withTransaction(
            tx ->
                messages
                    .lockById(tx, id)
                    .chain(
                        m -> {
                          if (m == null) {
                            throw ProblemException.notFound("No message " + id);
                          }
                          if (!cancelable(m)) {
                            throw new ProblemException(
                                Problem.forField(
                                    409,
                                    "Conflict",
                                    "status",
                                    "Message "
                                        + id
                                        + " is "
                                        + m.status.wireValue()
                                        + (m.sendStartedAt != null || m.messageSid != null
                                            ? " and was handed to the carrier"
                                            : "")
                                        + "; only a text not yet handed to the carrier can be"
                                        + " canceled"));
                          }
                          StatusTransitions.apply(
                              m,
                              MessageStatus.CANCELED,
                              null,
                              "Canceled" + (byName == null ? "" : " by " + byName),
                              MessageEntity.now());
                          m.claimedBy = null;
                          m.claimedAt = null;
                          m.heldUntil = null;
                          return changes.changed(tx, m).replaceWith(m);
                        }))
        .map(MessageMapper::toMessage);
  }

  static boolean cancelable(MessageEntity m) {
    return MessageEntity.OUTBOUND.equals(m.direction)
        && (m.status == MessageStatus.SCHEDULED || m.status == MessageStatus.QUEUED)
        && m.messageSid == null
        && m.sendStartedAt == null
        && !m.outcomeUnknown;
  }
}
