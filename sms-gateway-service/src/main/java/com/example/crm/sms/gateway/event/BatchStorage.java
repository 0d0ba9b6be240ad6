package com.example.crm.sms.gateway.event;

import com.example.crm.sms.common.db.UntilStored;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The batch form of sms-common's {@link UntilStored} (rule 3, docs/architecture.md): a batch's
 * database work, one transaction, is retried whole with backoff while the database is down, so the
 * partitions wait and nothing is skipped. When the database refuses the batch as data (SQLSTATE
 * class 22 or 23, a bug), its events are stored again one at a time through the per-event path
 * (salvage, counted data error, dead letter for what even the salvage cannot store), so one bad
 * event does not sink the rest. The rule is {@link UntilStored#runBatch}; this holds the gateway's
 * per-event path and dead letters around it.
 */
final class BatchStorage {

  /**
   * One storable record of a batch.
   *
   * @param record the Kafka record, nacked alone (to the DLQ) when it cannot be stored
   * @param value what it stores, prepared once for every attempt
   */
  record Item<T>(Message<?> record, T value) {}

  /** How one event is stored and salvaged on its own, and named in logs. */
  interface PerEvent<T> {
    String describe(T value);

    Uni<Void> store(T value);

    Uni<Void> salvage(T value);
  }

  private final UntilStored untilStored;

  BatchStorage(UntilStored untilStored) {
    this.untilStored = untilStored;
  }

  /** Nacks one record to the DLQ with the reason; the rest of its batch goes on. */
  static Uni<Void> deadLetter(Message<?> record, Throwable reason) {
    return Uni.createFrom().completionStage(() -> record.nack(reason));
  }

  /**
   * Stores every item: all in one transaction ({@code whole}), or, when the database refuses that
   * as data, each on its own in order ({@code one}); completes when every item is stored or
   * dead-lettered.
   */
  <T> Uni<Void> store(
      String channel, List<Item<T>> items, Function<List<T>, Uni<Void>> whole, PerEvent<T> one) {
    if (items.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<T> values = items.stream().map(Item::value).toList();
    return untilStored.runBatch(
        () -> "a batch of " + items.size() + " " + channel + " events",
        () -> whole.apply(values),
        () -> oneByOne(items, one));
  }

  /** Today's per-event path, in the batch's order; what cannot be stored is dead-lettered. */
  private <T> Uni<Void> oneByOne(List<Item<T>> items, PerEvent<T> one) {
    return Multi.createFrom()
        .iterable(items)
        .onItem()
        .transformToUniAndConcatenate(
            item ->
                untilStored
                    .run(
                        () -> one.describe(item.value()),
                        () -> one.store(item.value()),
                        () -> one.salvage(item.value()))
                    .onFailure()
                    .recoverWithUni(reason -> deadLetter(item.record(), reason)))
        .collect()
        .last()
        .replaceWithVoid();
  }
}
