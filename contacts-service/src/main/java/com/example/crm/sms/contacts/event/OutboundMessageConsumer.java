package com.example.crm.sms.contacts.event;

import com.example.crm.sms.contacts.service.SmsTrafficService;
import com.example.crm.sms.events.OutboundMessageEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies the gateway's outbound message changes ({@code sms.outbound.v1}); acknowledged after the
 * database committed; unreadable records go to {@code sms.outbound.v1.dlq}.
 */
@ApplicationScoped
public class OutboundMessageConsumer {

  private final SmsTrafficService service;
  private final UntilApplied untilApplied;

  public OutboundMessageConsumer(SmsTrafficService service, UntilApplied untilApplied) {
    this.service = service;
    this.untilApplied = untilApplied;
  }

  @Incoming("sms-outbound")
  public Uni<Void> consume(OutboundMessageEvent event) {
    return untilApplied
        .run(
            () -> service.applyOutbound(event),
            () ->
                "outbound message "
                    + (event == null ? "(empty)" : event.messageId() + " " + event.status()))
        .replaceWithVoid();
  }
}
