package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.TwilioErrorCodes;
import com.example.crm.sms.gateway.repository.Columns;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import com.example.crm.sms.gateway.repository.StatusHistoryRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies Twilio status callbacks (sms.status.v1). Each (MessageSid, status) is stored once in the
 * history; a new one moves its message forward only. A callback for a SID no message carries yet
 * (Twilio can call back before the dispatcher has stored the SID it got) stays in the history and
 * is applied when the dispatcher stores that SID. A callback is never refused for what it contains:
 * its text is cleaned and its values fitted to their columns ({@link #prepare}); should the
 * database still refuse it, {@link #salvage} applies the status without its optional details.
 */
@ApplicationScoped
public class StatusService {

  private static final Logger LOG = Logger.getLogger(StatusService.class);

  private final Pool pool;
  private final StatusHistoryRepository history;
  private final MessageRepository messages;
  private final OptOutRepository optOuts;
  private final MessageChanges changes;
  private final MeterRegistry registry;

  public StatusService(
      Pool pool,
      StatusHistoryRepository history,
      MessageRepository messages,
      OptOutRepository optOuts,
      MessageChanges changes,
      MeterRegistry registry) {
    this.registry = registry;
    this.pool = pool;
    this.history = history;
    this.messages = messages;
    this.optOuts = optOuts;
    this.changes = changes;
  }

  /** Why the callback can never be applied (no MessageSid or no status), or null. */
  public String invalid(MessageStatusReportedEvent e) {
    if (e.messageSid() == null || e.messageSid().isBlank() || e.status() == null) {
      return "status event " + e.eventId() + " without MessageSid or status";
    }
    return null;
  }

  /** The callback with its text cleaned and its values fitted; logs and counts what changed. */
  public MessageStatusReportedEvent prepare(MessageStatusReportedEvent e) {
    StoredValues values = new StoredValues();
    MessageStatusReportedEvent fitted =
        new MessageStatusReportedEvent(
            e.eventId(),
            e.type(),
            e.occurredAt() == null
                ? null
                : values.time("occurredAt", e.occurredAt(), MessageEntity.now()),
            e.schemaVersion(),
            values.fit("messageSid", e.messageSid(), Columns.SID),
            values.fit("accountSid", e.accountSid(), Columns.SID),
            e.status(),
            e.errorCode(),
            values.text("errorMessage", e.errorMessage()),
            values.fit("rawDlrDoneDate", e.rawDlrDoneDate(), Columns.DLR_DONE_DATE),
            values.fit("from", e.from(), Columns.PHONE),
            values.fit("to", e.to(), Columns.PHONE),
            e.idempotencyToken());
    List<String> changed = values.changed();
    if (!changed.isEmpty()) {
      LOG.warnf(
          "Status %s of %s (event %s): %s cleaned or shortened to be stored",
          e.status().wireValue(), fitted.messageSid(), e.eventId(), changed);
      changed.forEach(
          f ->
              registry
                  .counter("sms.consumer.values.fitted", "channel", "status", "field", f)
                  .increment());
    }
    return fitted;
  }

  /**
   * What must be kept when the database refused {@link #apply} as data: the status and its error
   * code, without the callback's text and details (error message, delivery-receipt date, account,
   * numbers, time).
   */
  public Uni<Void> salvage(MessageStatusReportedEvent e) {
    return apply(
        new MessageStatusReportedEvent(
            e.eventId(),
            e.type(),
            null,
            e.schemaVersion(),
            e.messageSid(),
            null,
            e.status(),
            e.errorCode(),
            null,
            null,
            null,
            null,
            null));
  }

  /** The whole change in one transaction; {@code e} as {@link #prepare} made it. */
  public Uni<Void> apply(MessageStatusReportedEvent e) {
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
                                            && e.errorCode()
                                                == TwilioErrorCodes.UNSUBSCRIBED_RECIPIENT
                                        ? optOuts
                                            .upsert(
                                                tx,
                                                m.toNumber,
                                                true,
                                                "error-" + TwilioErrorCodes.UNSUBSCRIBED_RECIPIENT,
                                                null)
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
