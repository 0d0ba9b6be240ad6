package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.NotifyRepository;
import com.example.crm.sms.gateway.repository.OutboxRepository;
import com.example.crm.sms.gateway.repository.SendRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every change of a message, inside the caller's transaction: the row, its sms.outbound.v1 event in
 * the outbox (outbound texts only), and the NOTIFY that feeds the live streams.
 */
@ApplicationScoped
public class MessageChanges {

  private final MessageRepository messages;
  private final OutboxRepository outbox;
  private final NotifyRepository notify;
  private final SendRepository sends;

  public MessageChanges(
      MessageRepository messages,
      OutboxRepository outbox,
      NotifyRepository notify,
      SendRepository sends) {
    this.messages = messages;
    this.outbox = outbox;
    this.notify = notify;
    this.sends = sends;
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

  /** A stored inbound text: only the notification (sms.outbound.v1 carries outbound texts). */
  public Uni<Void> received(SqlClient tx, MessageEntity m) {
    return notify.messageChanged(tx, m.id, m.peerNumber);
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
