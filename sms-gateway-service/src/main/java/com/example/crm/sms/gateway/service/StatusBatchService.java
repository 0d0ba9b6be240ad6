package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.OutboundMessageEvent;
import com.example.crm.sms.events.TwilioErrorCodes;
import com.example.crm.sms.gateway.repository.MessageBatchRepository;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import com.example.crm.sms.gateway.repository.StatusHistoryRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Applies a batch of status callbacks (sms.status.v1) as {@link StatusService} applies one, in one
 * transaction and a handful of statements whatever the batch's size: every (MessageSid, status)
 * once into the history, then each message moved by the batch's new callbacks in their order
 * through {@link StatusTransitions} (forward only, rule 4 of docs/architecture.md: of delivered,
 * sent and sending in one batch, delivered wins) and written once, with one outbox event and one
 * notification per conversation. An unsubscribed recipient (21610) opts its number out.
 */
@ApplicationScoped
public class StatusBatchService {

  private static final Logger LOG = Logger.getLogger(StatusBatchService.class);

  private final Pool pool;
  private final StatusHistoryRepository history;
  private final MessageBatchRepository messages;
  private final OptOutRepository optOuts;
  private final MessageChanges changes;

  public StatusBatchService(
      Pool pool,
      StatusHistoryRepository history,
      MessageBatchRepository messages,
      OptOutRepository optOuts,
      MessageChanges changes) {
    this.pool = pool;
    this.history = history;
    this.messages = messages;
    this.optOuts = optOuts;
    this.changes = changes;
  }

  /** The whole batch in one transaction; each callback as {@link StatusService#prepare} made it. */
  public Uni<Void> apply(List<MessageStatusReportedEvent> callbacks) {
    // A repeat within the batch is a repeat: the first of each (MessageSid, status) is kept.
    List<MessageStatusReportedEvent> once =
        List.copyOf(
            callbacks.stream()
                .collect(
                    Collectors.toMap(
                        StatusHistoryRepository::key,
                        Function.identity(),
                        (first, repeat) -> first,
                        LinkedHashMap::new))
                .values());
    return pool.withTransaction(
        tx ->
            history
                .insertAll(tx, once)
                .chain(
                    inserted -> {
                      List<MessageStatusReportedEvent> fresh =
                          once.stream()
                              .filter(e -> inserted.contains(StatusHistoryRepository.key(e)))
                              .toList();
                      return fresh.isEmpty() ? Uni.createFrom().voidItem() : move(tx, fresh);
                    }));
  }

  /** Applies the new callbacks, in order, to the messages that carry their SIDs. */
  private Uni<Void> move(SqlClient tx, List<MessageStatusReportedEvent> fresh) {
    Set<String> sids = new LinkedHashSet<>();
    fresh.forEach(e -> sids.add(e.messageSid()));
    return messages
        .lockBySids(tx, sids)
        .chain(
            bySid -> {
              Instant now = MessageEntity.now();
              Set<MessageEntity> moved = new LinkedHashSet<>();
              // One sms.outbound.v1 event per status that moved a text, as one callback at a time
              // published: contacts' timeline keeps "sent" even when "delivered" came in the same
              // batch.
              List<OutboundMessageEvent> events = new ArrayList<>();
              Map<String, OptOutRepository.Change> optOut = new LinkedHashMap<>();
              for (MessageStatusReportedEvent e : fresh) {
                MessageEntity m = bySid.get(e.messageSid());
                if (m == null) {
                  LOG.debugf(
                      "Status %s for unknown SID %s kept in history",
                      e.status().wireValue(), e.messageSid());
                  continue;
                }
                if (e.errorCode() != null
                    && e.errorCode() == TwilioErrorCodes.UNSUBSCRIBED_RECIPIENT) {
                  optOut.put(m.toNumber, new OptOutRepository.Change(m.toNumber, true, null));
                }
                if (StatusTransitions.apply(m, e.status(), e.errorCode(), e.errorMessage(), now)) {
                  moved.add(m);
                  events.add(MessageMapper.toEvent(m, now));
                }
              }
              Uni<Void> optedOut =
                  optOut.isEmpty()
                      ? Uni.createFrom().voidItem()
                      : this.optOuts.upsertAll(
                          tx,
                          List.copyOf(optOut.values()),
                          "error-" + TwilioErrorCodes.UNSUBSCRIBED_RECIPIENT);
              return optedOut.chain(
                  () -> changes.statusesChanged(tx, new ArrayList<>(moved), events));
            });
  }
}
