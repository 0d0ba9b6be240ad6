package com.example.crm.sms.contacts.event;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.contacts.service.OutboundChange;
import com.example.crm.sms.contacts.service.OutboundTrafficService;
import com.example.crm.sms.events.OutboundMessageEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies the gateway's outbound message changes ({@code sms.outbound.v1}), a polled batch at a
 * time in one transaction ({@link RecordBatches}); acknowledged after the database committed. A
 * record that names no contact or message goes to {@code sms.outbound.v1.dlq} alone; anything else
 * is stored, or salvaged ({@link ConsumerStorage}).
 */
@ApplicationScoped
public class OutboundMessageConsumer {

  static final String CHANNEL = "sms-outbound";

  private final RecordBatches<OutboundMessageEvent, OutboundChange> batches;

  public OutboundMessageConsumer(OutboundTrafficService service, ConsumerStorage storage) {
    UntilStored untilStored = storage.forChannel(CHANNEL);
    this.batches =
        new RecordBatches<>(
            CHANNEL,
            untilStored,
            service::read,
            service::storeAll,
            c ->
                untilStored
                    .run(c::describe, () -> service.store(c), () -> service.salvage(c))
                    .replaceWithVoid());
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(KafkaRecordBatch<String, OutboundMessageEvent> batch) {
    return batches.apply(batch);
  }
}
