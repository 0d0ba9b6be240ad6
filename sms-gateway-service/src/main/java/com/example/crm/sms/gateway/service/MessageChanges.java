package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.OutboundMessageEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.repository.ConversationRepository;
import com.example.crm.sms.gateway.repository.MessageBatchRepository;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.NotifyRepository;
import com.example.crm.sms.gateway.repository.OutboxRepository;
import com.example.crm.sms.gateway.repository.SendRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every change of a message, inside the caller's transaction: the row, its sms.outbound.v1 event in
 * the outbox (outbound texts only), its conversation (a new text), and the NOTIFY that feeds the
 * live streams. A conversation reads its last message's status from the message, so a status change
 * writes no conversation.
 */
@ApplicationScoped
public class MessageChanges {

  private final MessageRepository messages;
  private final OutboxRepository outbox;
  private final NotifyRepository notify;
  private final SendRepository sends;
  private final MessageBatchRepository batches;
  private final ConversationRepository conversations;

  public MessageChanges(
      MessageRepository messages,
      OutboxRepository outbox,
      NotifyRepository notify,
      SendRepository sends,
      MessageBatchRepository batches,
      ConversationRepository conversations) {
    this.messages = messages;
    this.outbox = outbox;
    this.notify = notify;
    this.sends = sends;
    this.batches = batches;
    this.conversations = conversations;
  }

  /**
   * A new outbound text from the send API, in one statement (its own transaction): unless the
   * recipient opted out, the Idempotency-Key (when there is one) and, when the key was free, row,
   * outbox event and notification.
   */
  public Uni<SendRepository.Outcome> queued(
      SqlClient db, MessageEntity m, String idempotencyKey, String requestHash) {
    String json;
    try {
      json = event(m);
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
    }
    return sends.queue(
        db,
        m,
        idempotencyKey,
        requestHash,
        Topics.OUTBOUND,
        json,
        NotifyRepository.CHANNEL,
        NotifyRepository.payload(m.id, m.peerNumber));
  }

  /** A changed text: row, outbox event, notification. */
  public Uni<Void> changed(SqlClient tx, MessageEntity m) {
    m.updatedAt = MessageEntity.now();
    return messages.update(tx, m).chain(() -> announce(tx, m));
  }

  /** The row only: dispatch bookkeeping that changes nothing a reader sees. */
  public Uni<Void> bookkeeping(SqlClient tx, MessageEntity m) {
    return messages.update(tx, m);
  }

  /**
   * A stored inbound text: its conversation and the notification (sms.outbound.v1 carries outbound
   * texts).
   */
  public Uni<Void> received(SqlClient tx, MessageEntity m) {
    return conversations
        .added(tx, List.of(m))
        .chain(() -> notify.messageChanged(tx, m.id, m.peerNumber));
  }

  /**
   * Texts whose status a batch of callbacks moved: their rows in one statement, one outbox event
   * each (their state after the whole batch, in one statement), one notification per conversation.
   */
  public Uni<Void> statusesChanged(
      SqlClient tx, List<MessageEntity> changed, List<OutboundMessageEvent> published) {
    if (changed.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    changed.forEach(m -> m.updatedAt = MessageEntity.now());
    int n = published.size();
    UUID[] ids = new UUID[n];
    String[] keys = new String[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      OutboundMessageEvent event = published.get(i);
      ids[i] = event.messageId();
      keys[i] = event.to();
      try {
        payloads[i] = EventJson.mapper().writeValueAsString(event);
      } catch (JsonProcessingException e) {
        return Uni.createFrom().failure(e);
      }
    }
    Uni<Void> events =
        n == 0
            ? Uni.createFrom().voidItem()
            : outbox.insertAll(tx, Topics.OUTBOUND, ids, keys, payloads);
    return batches
        .updateStatuses(tx, changed)
        .chain(() -> events)
        .chain(() -> notify.conversationsChanged(tx, byConversation(changed)));
  }

  /**
   * Inbound texts a batch stored (only those it inserted, never a repeat): their conversations in
   * one statement, one notification per conversation.
   */
  public Uni<Void> receivedAll(SqlClient tx, List<MessageEntity> stored) {
    return conversations
        .added(tx, stored)
        .chain(() -> notify.conversationsChanged(tx, byConversation(stored)));
  }

  private static Map<String, List<UUID>> byConversation(List<MessageEntity> changed) {
    Map<String, List<UUID>> ids = new LinkedHashMap<>();
    changed.forEach(m -> ids.computeIfAbsent(m.peerNumber, p -> new ArrayList<>()).add(m.id));
    return ids;
  }

  private Uni<Void> announce(SqlClient tx, MessageEntity m) {
    String json;
    try {
      json = event(m);
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
    }
    return outbox
        .insert(tx, m.id, Topics.OUTBOUND, m.toNumber, json)
        .chain(() -> notify.messageChanged(tx, m.id, m.peerNumber));
  }

  private static String event(MessageEntity m) throws JsonProcessingException {
    return EventJson.mapper().writeValueAsString(MessageMapper.toEvent(m, MessageEntity.now()));
  }
}
