package com.example.crm.sms.gateway.event;

import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.gateway.service.InboundService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** sms.inbound.v1: texts people sent us, stored once, keywords applied to the opt-out list. */
@ApplicationScoped
public class InboundEventConsumer {

  private final InboundService inbound;
  private final UntilStored untilStored;

  public InboundEventConsumer(InboundService inbound, MeterRegistry registry) {
    this.inbound = inbound;
    this.untilStored = ConsumerAcks.untilStored(registry, "inbound", ConsumerAcks.INITIAL_BACKOFF);
  }

  @Incoming("inbound-events")
  public Uni<Void> consume(Message<InboundMessageReceivedEvent> message) {
    return ConsumerAcks.process(
        message,
        "inbound",
        inbound::invalid,
        e -> {
          InboundService.InboundText text = inbound.prepare(e);
          return untilStored.run(
              () -> "inbound " + text.message().messageSid + " (event " + e.eventId() + ")",
              () -> inbound.store(text),
              () -> inbound.salvage(text));
        });
  }
}
