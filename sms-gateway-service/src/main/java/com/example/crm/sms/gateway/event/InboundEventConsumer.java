package com.example.crm.sms.gateway.event;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.gateway.service.InboundService;
import com.example.crm.sms.gateway.service.InvalidEventException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * sms.inbound.v1: texts people sent us, stored once, keywords applied to the opt-out list. The
 * record is acknowledged (its offset committed) only after the database committed (rule 3,
 * docs/architecture.md); one that is unreadable or names no text or sender goes to {@code
 * sms.inbound.v1.dlq} at once with the reason, anything else is stored or salvaged ({@link
 * ConsumerStorage}).
 */
@ApplicationScoped
public class InboundEventConsumer {

  /** The channel of the metrics (sms_consumer_data_errors_total{channel="inbound"}). */
  static final String CHANNEL = "inbound";

  private final InboundService inbound;
  private final UntilStored untilStored;

  public InboundEventConsumer(InboundService inbound, ConsumerStorage storage) {
    this.inbound = inbound;
    this.untilStored = storage.forChannel(CHANNEL);
  }

  @Incoming("inbound-events")
  public Uni<Void> consume(InboundMessageReceivedEvent event) {
    if (event == null) {
      return Uni.createFrom().failure(new InvalidEventException("unreadable inbound record"));
    }
    String invalid = inbound.invalid(event);
    if (invalid != null) {
      return Uni.createFrom().failure(new InvalidEventException(invalid));
    }
    InboundService.InboundText text = inbound.prepare(event);
    return untilStored.run(
        () -> "inbound " + text.message().messageSid + " (event " + event.eventId() + ")",
        () -> inbound.store(text),
        () -> inbound.salvage(text));
  }
}
