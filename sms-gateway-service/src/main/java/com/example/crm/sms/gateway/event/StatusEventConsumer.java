package com.example.crm.sms.gateway.event;

import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.gateway.service.StatusService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** sms.status.v1: Twilio status callbacks, applied forward-only. */
@ApplicationScoped
public class StatusEventConsumer {

  private final StatusService statuses;

  public StatusEventConsumer(StatusService statuses) {
    this.statuses = statuses;
  }

  @Incoming("status-events")
  public Uni<Void> consume(Message<MessageStatusReportedEvent> message) {
    return ConsumerRetries.process(message, statuses::apply, "status");
  }
}
