package com.example.crm.sms.contacts.event;

import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.contacts.service.UnreadableEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a consumer applies one polled batch of records (Kafka batch mode), keeping what the
 * one-record consumers promised:
 *
 * <ul>
 *   <li>a record that cannot be read or names no contact or message goes to the channel's DLQ alone
 *       (its own nack: the failure strategy sends it with the reason), the rest is applied;
 *   <li>the others are applied in ONE transaction, in offset order ({@link UntilStored#runBatch}: a
 *       database outage retries the whole batch; a refusal as data applies it one by one through
 *       the per-event path with its salvage, dead-lettering only an event even that refuses);
 *   <li>the batch is acknowledged, and so its offsets committed, only after that.
 * </ul>
 *
 * @param <E> the event type
 * @param <C> the change an event makes
 */
final class RecordBatches<E, C> {

  private final String channel;
  private final UntilStored untilStored;
  private final Function<E, Optional<C>> read;
  private final Function<List<C>, Uni<Void>> storeAll;
  private final Function<C, Uni<Void>> storeOne;

  /**
   * @param read the change an event makes (empty: nothing to record); throws {@link
   *     UnreadableEventException} for a record to dead-letter
   * @param storeAll the changes of a batch in one transaction
   * @param storeOne one change, until stored or salvaged; a failure dead-letters its record
   */
  RecordBatches(
      String channel,
      UntilStored untilStored,
      Function<E, Optional<C>> read,
      Function<List<C>, Uni<Void>> storeAll,
      Function<C, Uni<Void>> storeOne) {
    this.channel = channel;
    this.untilStored = untilStored;
    this.read = read;
    this.storeAll = storeAll;
    this.storeOne = storeOne;
  }

  Uni<Void> apply(KafkaRecordBatch<String, E> batch) {
    List<KafkaRecord<String, E>> records = new ArrayList<>();
    List<C> changes = new ArrayList<>();
    Uni<Void> deadLettered = Uni.createFrom().voidItem();
    for (KafkaRecord<String, E> record : batch.getRecords()) {
      try {
        Optional<C> change = read.apply(record.getPayload());
        if (change.isPresent()) {
          records.add(record);
          changes.add(change.get());
        }
      } catch (UnreadableEventException e) {
        deadLettered = deadLettered.chain(() -> deadLetter(record, e));
      }
    }
    Uni<Void> stored =
        changes.isEmpty()
            ? Uni.createFrom().voidItem()
            : untilStored.runBatch(
                () -> "a batch of " + changes.size() + " events of " + channel,
                () -> storeAll.apply(changes),
                () -> oneByOne(records, changes));
    return deadLettered
        .chain(() -> stored)
        .chain(() -> Uni.createFrom().completionStage(batch::ack));
  }

  private Uni<Void> oneByOne(List<KafkaRecord<String, E>> records, List<C> changes) {
    Uni<Void> done = Uni.createFrom().voidItem();
    for (int i = 0; i < changes.size(); i++) {
      KafkaRecord<String, E> record = records.get(i);
      C change = changes.get(i);
      done =
          done.chain(
              () -> storeOne.apply(change).onFailure().recoverWithUni(e -> deadLetter(record, e)));
    }
    return done;
  }

  /** The channel's failure strategy sends the record to its DLQ, the reason in its headers. */
  private static Uni<Void> deadLetter(KafkaRecord<String, ?> record, Throwable reason) {
    return Uni.createFrom().completionStage(() -> record.nack(reason));
  }
}
