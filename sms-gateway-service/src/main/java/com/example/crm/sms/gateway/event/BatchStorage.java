package com.example.crm.sms.gateway.event;

import com.example.crm.sms.common.db.ConsumerRetryConfig;
import com.example.crm.sms.common.db.SqlStates;
import com.example.crm.sms.common.db.UntilStored;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The batch form of sms-common's {@link UntilStored} (rule 3, docs/architecture.md): a batch's
 * database work, one transaction, is retried whole with backoff while the database is down, so the
 * partitions wait and nothing is skipped. When the database refuses the batch as data (SQLSTATE
 * class 22 or 23, a bug), its events are stored again one at a time through the per-event path
 * (salvage, counted data error, dead letter for what even the salvage cannot store), so one bad
 * event does not sink the rest. Its place is sms-common, next to {@link UntilStored}.
 */
final class BatchStorage {

  private static final Logger LOG = Logger.getLogger(BatchStorage.class);

  /** Unique conflicts are retried this often before the batch goes one event at a time. */
  static final int CONFLICT_RETRIES = 5;

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

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final UntilStored untilStored;

  BatchStorage(ConsumerRetryConfig retry, UntilStored untilStored) {
    this.initialBackoff = retry.retryInitialBackoff();
    this.maxBackoff = retry.retryMaxBackoff();
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
    int[] conflicts = {0};
    return Uni.createFrom()
        .deferred(() -> whole.apply(values))
        .onFailure(
            e -> {
              SqlStates.Kind kind = SqlStates.classify(e);
              return kind == SqlStates.Kind.DATA
                  || (kind == SqlStates.Kind.CONFLICT && ++conflicts[0] > CONFLICT_RETRIES);
            })
        .transform(RefusedAsData::new)
        .onFailure(e -> !(e instanceof RefusedAsData))
        .invoke(
            e ->
                LOG.warnf(
                    "Could not store a batch of %d %s events, retrying with backoff: %s",
                    items.size(), channel, e))
        .onFailure(e -> !(e instanceof RefusedAsData))
        .retry()
        .withBackOff(initialBackoff, maxBackoff)
        .indefinitely()
        .onFailure(RefusedAsData.class)
        .recoverWithUni(
            refused -> {
              LOG.warnf(
                  "The database refused a batch of %d %s events as data (SQLSTATE %s);"
                      + " storing them one at a time",
                  items.size(), channel, SqlStates.sqlState(refused.getCause()));
              return oneByOne(items, one);
            });
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

  /** Marks a failure of the whole batch that no retry can cure. */
  private static final class RefusedAsData extends RuntimeException {
    RefusedAsData(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
