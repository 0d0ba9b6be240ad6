package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.config.GatewayConfig;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.RateSlotRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Paces claimed texts per sender and per account with rate slots shared by all replicas
 * (rate_slots): each text gets the time its slot comes, or goes back to the queue when its sender
 * has no slot within the lookahead.
 */
@ApplicationScoped
public class SendPacing {

  /** Where a paced text goes: sent after {@code waitMillis} (0: now). */
  @FunctionalInterface
  public interface Slotted {
    void at(MessageEntity message, long waitMillis);
  }

  private final Pool pool;
  private final RateSlotRepository slots;
  private final MessageRepository messages;
  private final GatewayConfig.Dispatcher config;

  public SendPacing(
      Pool pool, RateSlotRepository slots, MessageRepository messages, GatewayConfig config) {
    this.pool = pool;
    this.slots = slots;
    this.messages = messages;
    this.config = config.dispatcher();
  }

  /** Reserves each text's slot, in claim order, and gives back the texts that got none. */
  public Uni<Integer> schedule(List<MessageEntity> claimed, UUID replica, Slotted slotted) {
    List<UUID> later = new ArrayList<>();
    Set<String> full = new HashSet<>();
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (MessageEntity m : claimed) {
      chain = chain.chain(() -> reserve(m, later, full, slotted));
    }
    return chain.chain(
        () ->
            later.isEmpty()
                ? Uni.createFrom().item(0)
                : messages.release(pool, replica, later.toArray(UUID[]::new)));
  }

  private Uni<Void> reserve(MessageEntity m, List<UUID> later, Set<String> full, Slotted slotted) {
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
              } else {
                slotted.at(m, wait);
              }
            })
        .onFailure()
        .invoke(f -> later.add(m.id))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
