package com.example.crm.sms.contacts.event;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.contacts.service.InboundChange;
import com.example.crm.sms.contacts.service.InboundTrafficService;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies texts from contacts ({@code sms.inbound.v1}), a polled batch at a time in one transaction
 * ({@link RecordBatches}); the batch is acknowledged — and its offsets committed — only after the
 * database committed. A record that names no sender or message goes to {@code sms.inbound.v1.dlq}
 * alone (application.properties); anything else is stored, or salvaged, however strange its text
 * ({@link ConsumerStorage}).
 */
@ApplicationScoped
public class InboundMessageConsumer {

  static final String CHANNEL = "sms-inbound";

  private static final Logger LOG = Logger.getLogger(InboundMessageConsumer.class);

  private final InboundTrafficService service;
  private final UntilStored untilStored;
  private final RecordBatches<InboundMessageReceivedEvent, InboundChange> batches;

  public InboundMessageConsumer(InboundTrafficService service, ConsumerStorage storage) {
    this.service = service;
    this.untilStored = storage.forChannel(CHANNEL);
    this.batches =
        new RecordBatches<>(
            CHANNEL,
            untilStored,
            event -> Optional.of(service.read(event)),
            this::storeAll,
            this::store);
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(KafkaRecordBatch<String, InboundMessageReceivedEvent> batch) {
    return batches.apply(batch);
  }

  private Uni<Void> storeAll(List<InboundChange> changes) {
    return service
        .storeAll(changes)
        .invoke(created -> created.forEach(this::logNewProspect))
        .replaceWithVoid();
  }

  private Uni<Void> store(InboundChange change) {
    return untilStored
        .run(change::describe, () -> service.store(change), () -> service.salvage(change))
        .invoke(
            applied -> {
              if (applied != null && applied.created()) {
                logNewProspect(applied.contactId());
              }
            })
        .replaceWithVoid();
  }

  private void logNewProspect(UUID contactId) {
    LOG.infof("New prospect %s from the first text of an unknown number", contactId);
  }
}
