package com.example.crm.sms.gateway.event;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.gateway.service.InboundBatchService;
import com.example.crm.sms.gateway.service.InboundService;
import com.example.crm.sms.gateway.service.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * sms.inbound.v1: texts people sent us, stored once, keywords applied to the opt-out list, a poll's
 * batch at a time in one transaction ({@link InboundBatchService}). The batch is acknowledged (its
 * offsets committed) only after the database committed (rule 3, docs/architecture.md); a record
 * that is unreadable or names no text or sender goes alone to {@code sms.inbound.v1.dlq} with the
 * reason, anything else is stored or salvaged ({@link BatchStorage}).
 */
@ApplicationScoped
public class InboundEventConsumer {

  /** The channel of the metrics (sms_consumer_data_errors_total{channel="inbound"}). */
  static final String CHANNEL = "inbound";

  private final InboundService inbound;
  private final InboundBatchService batches;
  private final BatchStorage storage;
  private final BatchStorage.PerEvent<InboundService.InboundText> perEvent;

  public InboundEventConsumer(
      InboundService inbound, InboundBatchService batches, ConsumerStorage storage) {
    this.inbound = inbound;
    this.batches = batches;
    this.storage = new BatchStorage(storage.forChannel(CHANNEL));
    this.perEvent =
        new BatchStorage.PerEvent<>() {
          @Override
          public String describe(InboundService.InboundText t) {
            return "inbound " + t.message().messageSid + " (event " + t.eventId() + ")";
          }

          @Override
          public Uni<Void> store(InboundService.InboundText t) {
            return inbound.store(t);
          }

          @Override
          public Uni<Void> salvage(InboundService.InboundText t) {
            return inbound.salvage(t);
          }
        };
  }

  @Incoming("inbound-events")
  public Uni<Void> consume(KafkaRecordBatch<String, InboundMessageReceivedEvent> batch) {
    return store(batch.getRecords()).chain(() -> Uni.createFrom().completionStage(batch::ack));
  }

  /** Stores the records, in order; one that can never be stored is nacked alone (to the DLQ). */
  Uni<Void> store(List<? extends Message<InboundMessageReceivedEvent>> records) {
    List<BatchStorage.Item<InboundService.InboundText>> valid = new ArrayList<>();
    Uni<Void> deadLetters = Uni.createFrom().voidItem();
    for (Message<InboundMessageReceivedEvent> record : records) {
      InboundMessageReceivedEvent event = record.getPayload();
      String invalid = event == null ? "unreadable inbound record" : inbound.invalid(event);
      if (invalid != null) {
        deadLetters =
            deadLetters.chain(
                () -> BatchStorage.deadLetter(record, new InvalidEventException(invalid)));
      } else {
        valid.add(new BatchStorage.Item<>(record, inbound.prepare(event)));
      }
    }
    return deadLetters.chain(() -> storage.store(CHANNEL, valid, batches::store, perEvent));
  }
}
