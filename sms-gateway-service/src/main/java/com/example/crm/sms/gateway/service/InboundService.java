package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Stores inbound texts (sms.inbound.v1) once per MessageSid, and applies their opt-out and opt-in
 * keywords to the opt-out list in the same transaction.
 */
@ApplicationScoped
public class InboundService {

  private final Pool pool;
  private final MessageRepository messages;
  private final OptOutRepository optOuts;
  private final MessageChanges changes;

  public InboundService(
      Pool pool, MessageRepository messages, OptOutRepository optOuts, MessageChanges changes) {
    this.pool = pool;
    this.messages = messages;
    this.optOuts = optOuts;
    this.changes = changes;
  }

  public Uni<Void> store(InboundMessageReceivedEvent e) {
    if (e == null || e.messageSid() == null || e.messageSid().isBlank() || e.from() == null) {
      return Uni.createFrom()
          .failure(new InvalidEventException("inbound event without MessageSid or From"));
    }
    String body = e.body() == null ? "" : e.body();
    SegmentCalculator.Result segments = SegmentCalculator.calculate(body);
    MessageEntity m = new MessageEntity();
    m.id = UUID.randomUUID();
    m.direction = MessageEntity.INBOUND;
    m.peerNumber = e.from();
    m.toNumber = e.to() == null ? "" : e.to();
    m.fromNumber = e.from();
    m.messagingServiceSid = e.messagingServiceSid();
    m.body = body;
    m.status = MessageStatus.RECEIVED;
    m.segments = e.numSegments() > 0 ? e.numSegments() : segments.segments();
    m.encoding = segments.encoding();
    m.messageSid = e.messageSid();
    m.createdAt =
        e.occurredAt() == null
            ? MessageEntity.now()
            : e.occurredAt().truncatedTo(ChronoUnit.MICROS);
    m.updatedAt = MessageEntity.now();
    return pool.withTransaction(
        tx ->
            messages
                .insert(tx, m)
                .chain(
                    inserted -> {
                      if (!inserted) {
                        return Uni.createFrom().voidItem();
                      }
                      Uni<Void> keyword =
                          switch (e.keyword() == null ? KeywordKind.NONE : e.keyword()) {
                            case OPT_OUT ->
                                optOuts
                                    .upsert(tx, e.from(), true, "keyword", e.from())
                                    .replaceWithVoid();
                            case OPT_IN ->
                                optOuts
                                    .upsert(tx, e.from(), false, "keyword", e.from())
                                    .replaceWithVoid();
                            default -> Uni.createFrom().voidItem();
                          };
                      return keyword.chain(() -> changes.received(tx, m));
                    }));
  }
}
