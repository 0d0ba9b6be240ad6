package com.example.crm.sms.contacts.event;

import com.example.crm.sms.contacts.service.SmsTrafficService;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies texts from contacts ({@code sms.inbound.v1}). The record is acknowledged — and its offset
 * committed — only after the database committed; unreadable records go to {@code
 * sms.inbound.v1.dlq} (application.properties).
 */
@ApplicationScoped
public class InboundMessageConsumer {

  private static final Logger LOG = Logger.getLogger(InboundMessageConsumer.class);

  private final SmsTrafficService service;
  private final UntilApplied untilApplied;

  public InboundMessageConsumer(SmsTrafficService service, UntilApplied untilApplied) {
    this.service = service;
    this.untilApplied = untilApplied;
  }

  @Incoming("sms-inbound")
  public Uni<Void> consume(InboundMessageReceivedEvent event) {
    return untilApplied
        .run(
            () -> service.applyInbound(event),
            () -> "inbound message " + (event == null ? "(empty)" : event.messageSid()))
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
