package com.example.crm.sms.contacts.event;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.contacts.service.OutboundChange;
import com.example.crm.sms.contacts.service.OutboundTrafficService;
import com.example.crm.sms.contacts.service.UnreadableEventException;
import com.example.crm.sms.events.OutboundMessageEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies the gateway's outbound message changes ({@code sms.outbound.v1}); acknowledged after the
 * database committed. A record that names no contact or message goes to {@code
 * sms.outbound.v1.dlq}; anything else is stored, or salvaged ({@link ConsumerStorage}).
 */
@ApplicationScoped
public class OutboundMessageConsumer {

  static final String CHANNEL = "sms-outbound";

  private final OutboundTrafficService service;
  private final UntilStored untilStored;

  public OutboundMessageConsumer(OutboundTrafficService service, ConsumerStorage storage) {
    this.service = service;
    this.untilStored = storage.forChannel(CHANNEL);
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(OutboundMessageEvent event) {
    Optional<OutboundChange> change;
    try {
      change = service.read(event);
    } catch (UnreadableEventException e) {
      return Uni.createFrom().failure(e);
    }
    if (change.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    OutboundChange c = change.get();
    return untilStored
        .run(c::describe, () -> service.store(c), () -> service.salvage(c))
        .replaceWithVoid();
  }
}
