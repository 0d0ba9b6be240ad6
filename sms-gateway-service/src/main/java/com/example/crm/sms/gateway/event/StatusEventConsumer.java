package com.example.crm.sms.gateway.event;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.gateway.service.InvalidEventException;
import com.example.crm.sms.gateway.service.StatusService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * sms.status.v1: Twilio status callbacks, applied forward-only. The record is acknowledged (its
 * offset committed) only after the database committed (rule 3, docs/architecture.md); one that is
 * unreadable or names no message or status goes to {@code sms.status.v1.dlq} at once with the
 * reason, anything else is stored or salvaged ({@link ConsumerStorage}).
 */
@ApplicationScoped
public class StatusEventConsumer {

  /** The channel of the metrics (sms_consumer_data_errors_total{channel="status"}). */
  static final String CHANNEL = "status";

  private final StatusService statuses;
  private final UntilStored untilStored;

  public StatusEventConsumer(StatusService statuses, ConsumerStorage storage) {
    this.statuses = statuses;
    this.untilStored = storage.forChannel(CHANNEL);
  }

  @Incoming("status-events")
  public Uni<Void> consume(MessageStatusReportedEvent event) {
    if (event == null) {
      return Uni.createFrom().failure(new InvalidEventException("unreadable status record"));
    }
    String invalid = statuses.invalid(event);
    if (invalid != null) {
      return Uni.createFrom().failure(new InvalidEventException(invalid));
    }
    MessageStatusReportedEvent callback = statuses.prepare(event);
    return untilStored.run(
        () ->
            "status "
                + callback.status().wireValue()
                + " of "
                + callback.messageSid()
                + " (event "
                + event.eventId()
                + ")",
        () -> statuses.apply(callback),
        () -> statuses.salvage(callback));
  }
}
