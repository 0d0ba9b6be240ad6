package com.example.crm.sms.contacts.event;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.contacts.service.InboundChange;
import com.example.crm.sms.contacts.service.InboundTrafficService;
import com.example.crm.sms.contacts.service.UnreadableEventException;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies texts from contacts ({@code sms.inbound.v1}). The record is acknowledged — and its offset
 * committed — only after the database committed. A record that names no sender or message goes to
 * {@code sms.inbound.v1.dlq} at once (application.properties); anything else is stored, or
 * salvaged, however strange its text ({@link ConsumerStorage}).
 */
@ApplicationScoped
public class InboundMessageConsumer {

  static final String CHANNEL = "sms-inbound";

  private static final Logger LOG = Logger.getLogger(InboundMessageConsumer.class);

  private final InboundTrafficService service;
  private final UntilStored untilStored;

  public InboundMessageConsumer(InboundTrafficService service, ConsumerStorage storage) {
    this.service = service;
    this.untilStored = storage.forChannel(CHANNEL);
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(InboundMessageReceivedEvent event) {
    InboundChange change;
    try {
      change = service.read(event);
    } catch (UnreadableEventException e) {
      return Uni.createFrom().failure(e);
    }
    return untilStored
        .run(change::describe, () -> service.store(change), () -> service.salvage(change))
        .invoke(
            applied -> {
              if (applied != null && applied.created()) {
                LOG.infof(
                    "New prospect %s from the first text of an unknown number",
                    applied.contactId());
              }
            })
        .replaceWithVoid();
  }
}
