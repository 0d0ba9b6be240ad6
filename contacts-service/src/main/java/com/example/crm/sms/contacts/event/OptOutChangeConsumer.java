package com.example.crm.sms.contacts.event;

import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.contacts.service.OptOutChange;
import com.example.crm.sms.contacts.service.OptOutChangeService;
import com.example.crm.sms.events.OptOutChangedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies opt-outs changed by hand in the gateway ({@code sms.optout.v1}: an admin lifting one), a
 * polled batch at a time in one transaction ({@link RecordBatches}); acknowledged after the
 * database committed. A record that names no event id, number or time goes to {@code
 * sms.optout.v1.dlq} alone; anything else is stored, or salvaged ({@link ConsumerStorage}).
 */
@ApplicationScoped
public class OptOutChangeConsumer {

  static final String CHANNEL = "sms-optout";

  private final RecordBatches<OptOutChangedEvent, OptOutChange> batches;

  public OptOutChangeConsumer(OptOutChangeService service, ConsumerStorage storage) {
    UntilStored untilStored = storage.forChannel(CHANNEL);
    this.batches =
        new RecordBatches<>(
            CHANNEL,
            untilStored,
            event -> Optional.of(service.read(event)),
            service::storeAll,
            c -> untilStored.run(c::describe, () -> service.store(c), () -> service.salvage(c)));
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(KafkaRecordBatch<String, OptOutChangedEvent> batch) {
    return batches.apply(batch);
  }
}
