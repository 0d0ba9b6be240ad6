package com.example.crm.sms.common.db;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A consumer's database work for one event, run until it is stored (rule 3, docs/architecture.md).
 * While the database is down the work is retried with backoff for as long as it takes, so the
 * partition waits and nothing is skipped. An event the database refuses as data (SQLSTATE class 22
 * or 23) is a bug on our side, never a reason to drop a text Twilio was told we have: it is logged
 * as an error, counted, and the salvage work stores what can be stored (above all an opt-out). Only
 * if the salvage is refused too does the Uni fail with {@link UnstorableEventException}, which the
 * caller dead-letters with the reason.
 *
 * <p>{@link #runBatch} is the same rule for a polled batch: the whole batch is retried while the
 * database is down; refused as data, it is applied one event at a time (each through {@link #run}),
 * so one bad event does not sink the rest.
 */
public final class UntilStored {

  private static final Logger LOG = Logger.getLogger(UntilStored.class);

  /** Unique conflicts are retried this often before they count as a data error. */
  static final int CONFLICT_RETRIES = 5;

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Consumer<String> dataErrorCounter;

  /**
   * @param dataErrorCounter called with the SQLSTATE of each refused event (a metric)
   */
  public UntilStored(
      Duration initialBackoff, Duration maxBackoff, Consumer<String> dataErrorCounter) {
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.dataErrorCounter = dataErrorCounter;
  }

  /**
   * @param what names the event in logs (an id, never a body)
   * @param work the whole change the event makes, in one transaction
   * @param salvage the least that must be kept when the whole change is refused as data
   */
  public <T> Uni<T> run(Supplier<String> what, Supplier<Uni<T>> work, Supplier<Uni<T>> salvage) {
    return retried(what, work)
        .onFailure(DataError.class)
        .recoverWithUni(
            refused -> {
              String state = SqlStates.sqlState(refused.getCause());
              LOG.errorf(
                  refused.getCause(),
                  "BUG: the database refused %s as data (SQLSTATE %s); storing what can be stored",
                  what.get(),
                  state);
              dataErrorCounter.accept(state == null ? "none" : state);
              return retried(what, salvage)
                  .onFailure(DataError.class)
                  .transform(
                      e ->
                          new UnstorableEventException(
                              what.get() + " was refused even in part: " + e.getCause(),
                              e.getCause()));
            });
  }

  /**
   * @param what names the batch in logs (its channel and size)
   * @param whole the whole batch in one transaction
   * @param oneByOne the batch one event at a time, when the whole is refused as data
   */
  public Uni<Void> runBatch(
      Supplier<String> what, Supplier<Uni<Void>> whole, Supplier<Uni<Void>> oneByOne) {
    return retried(what, whole)
        .onFailure(DataError.class)
        .recoverWithUni(
            refused -> {
              LOG.warnf(
                  "The database refused %s as data (SQLSTATE %s); storing its events one at a time",
                  what.get(), SqlStates.sqlState(refused.getCause()));
              return oneByOne.get();
            });
  }

  private <T> Uni<T> retried(Supplier<String> what, Supplier<Uni<T>> work) {
    int[] conflicts = {0};
    return Uni.createFrom()
        .<T>deferred(() -> work.get())
        .onFailure(
            e -> {
              SqlStates.Kind kind = SqlStates.classify(e);
              return kind == SqlStates.Kind.DATA
                  || (kind == SqlStates.Kind.CONFLICT && ++conflicts[0] > CONFLICT_RETRIES);
            })
        .transform(DataError::new)
        .onFailure(e -> !(e instanceof DataError))
        .invoke(e -> LOG.warnf("Could not store %s, retrying with backoff: %s", what.get(), e))
        .onFailure(e -> !(e instanceof DataError))
        .retry()
        .withBackOff(initialBackoff, maxBackoff)
        .indefinitely();
  }

  /** Marks a failure that no retry can cure. */
  private static final class DataError extends RuntimeException {
    DataError(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
