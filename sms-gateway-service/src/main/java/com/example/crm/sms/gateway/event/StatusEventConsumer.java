package com.example.crm.sms.gateway.event;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.gateway.service.InvalidEventException;
import com.example.crm.sms.gateway.service.StatusBatchService;
import com.example.crm.sms.gateway.service.StatusService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * sms.status.v1: Twilio status callbacks, applied forward-only, a poll's batch at a time in one
 * transaction ({@link StatusBatchService}). The batch is acknowledged (its offsets committed) only
 * after the database committed (rule 3, docs/architecture.md); a record that is unreadable or names
 * no message or status goes alone to {@code sms.status.v1.dlq} with the reason, anything else is
 * stored or salvaged ({@link BatchStorage}).
 */
@ApplicationScoped
public class StatusEventConsumer {

  /** The channel of the metrics (sms_consumer_data_errors_total{channel="status"}). */
  static final String CHANNEL = "status";

  private final StatusService statuses;
  private final StatusBatchService batches;
  private final BatchStorage storage;
  private final BatchStorage.PerEvent<MessageStatusReportedEvent> perEvent;

  public StatusEventConsumer(
      StatusService statuses, StatusBatchService batches, ConsumerStorage storage) {
    this.statuses = statuses;
    this.batches = batches;
    this.storage = new BatchStorage(storage.forChannel(CHANNEL));
    this.perEvent =
        new BatchStorage.PerEvent<>() {
          @Override
          public String describe(MessageStatusReportedEvent e) {
            return "status "
                + e.status().wireValue()
                + " of "
                + e.messageSid()
                + " (event "
                + e.eventId()
                + ")";
          }

          @Override
          public Uni<Void> store(MessageStatusReportedEvent e) {
            return statuses.apply(e);
          }

          @Override
          public Uni<Void> salvage(MessageStatusReportedEvent e) {
            return statuses.salvage(e);
          }
        };
  }

  @Incoming("status-events")
  public Uni<Void> consume(KafkaRecordBatch<String, MessageStatusReportedEvent> batch) {
    return store(batch.getRecords()).chain(() -> Uni.createFrom().completionStage(batch::ack));
  }

  /** Stores the records, in order; one that can never be stored is nacked alone (to the DLQ). */
  Uni<Void> store(List<? extends Message<MessageStatusReportedEvent>> records) {
    List<BatchStorage.Item<MessageStatusReportedEvent>> valid = new ArrayList<>();
    Uni<Void> deadLetters = Uni.createFrom().voidItem();
    for (Message<MessageStatusReportedEvent> record : records) {
      MessageStatusReportedEvent event = record.getPayload();
      String invalid = event == null ? "unreadable status record" : statuses.invalid(event);
      if (invalid != null) {
        deadLetters =
            deadLetters.chain(
                () -> BatchStorage.deadLetter(record, new InvalidEventException(invalid)));
      } else {
        valid.add(new BatchStorage.Item<>(record, statuses.prepare(event)));
      }
    }
    return deadLetters.chain(() -> storage.store(CHANNEL, valid, batches::apply, perEvent));
  }
}
