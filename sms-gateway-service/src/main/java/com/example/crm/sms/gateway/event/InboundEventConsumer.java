package com.example.crm.sms.gateway.event;

import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.gateway.service.InboundService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** sms.inbound.v1: texts people sent us, stored once, keywords applied to the opt-out list. */
@ApplicationScoped
public class InboundEventConsumer {

  private final InboundService inbound;

  public InboundEventConsumer(InboundService inbound) {
    this.inbound = inbound;
  }

  @Incoming("inbound-events")
  public Uni<Void> consume(Message<InboundMessageReceivedEvent> message) {
    return ConsumerRetries.process(message, inbound::store, "inbound");
  }
}
