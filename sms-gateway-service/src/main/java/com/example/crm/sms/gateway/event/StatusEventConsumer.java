package com.example.crm.sms.gateway.event;

import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.gateway.service.StatusService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** sms.status.v1: Twilio status callbacks, applied forward-only. */
@ApplicationScoped
public class StatusEventConsumer {

  private final StatusService statuses;
  private final UntilStored untilStored;

  public StatusEventConsumer(StatusService statuses, MeterRegistry registry) {
    this.statuses = statuses;
    this.untilStored = ConsumerAcks.untilStored(registry, "status", ConsumerAcks.INITIAL_BACKOFF);
  }

  @Incoming("status-events")
  public Uni<Void> consume(Message<MessageStatusReportedEvent> message) {
    return ConsumerAcks.process(
        message,
        "status",
        statuses::invalid,
        e -> {
          MessageStatusReportedEvent callback = statuses.prepare(e);
          return untilStored.run(
              () ->
                  "status "
                      + callback.status().wireValue()
                      + " of "
                      + callback.messageSid()
                      + " (event "
                      + e.eventId()
                      + ")",
              () -> statuses.apply(callback),
              () -> statuses.salvage(callback));
        });
  }
}
