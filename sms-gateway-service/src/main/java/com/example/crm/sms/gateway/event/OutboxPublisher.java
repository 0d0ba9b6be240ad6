package com.example.crm.sms.gateway.event;

import com.example.crm.sms.gateway.repository.OutboxRepository.OutboxRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes outbox rows as they were written, each to the topic its row names (sms.outbound.v1,
 * sms.optout.v1) with its key; the Uni completes only when the broker acknowledged the record
 * (acks=all, idempotent producer).
 */
@ApplicationScoped
public class OutboxPublisher {

  private final MutinyEmitter<String> emitter;

  public OutboxPublisher(
      @Channel("outbound-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
          MutinyEmitter<String> emitter) {
    this.emitter = emitter;
  }

  public Uni<Void> publish(OutboxRecord record) {
    return emitter.sendMessage(
        Message.of(record.payload())
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(record.topic())
                    .withKey(record.key())
                    .build()));
  }
}
