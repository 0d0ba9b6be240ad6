package com.example.crm.sms.contacts.event;

import com.example.crm.sms.common.db.ConsumerRetryConfig;
import com.example.crm.sms.common.db.SqlStates;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A batch's database work, run until it is stored: the batch form of sms-common's {@code
 * UntilStored} (rule 3, docs/architecture.md). While the database is down the WHOLE batch is
 * retried with backoff for as long as it takes (nothing skipped, nothing dead-lettered). If the
 * database refuses the batch as data (SQLSTATE class 22 or 23, or a unique conflict that keeps
 * coming back), one event is to blame and no retry cures it: the batch is applied one event at a
 * time instead, each through {@code UntilStored}, which counts, salvages or dead-letters just that
 * one, so one bad event does not sink the others.
 */
final class UntilBatchStored {

  private static final Logger LOG = Logger.getLogger(UntilBatchStored.class);

  /** Unique conflicts are retried this often before the batch goes one by one (as UntilStored). */
  private static final int CONFLICT_RETRIES = 5;

  private final String channel;
  private final ConsumerRetryConfig retry;

  UntilBatchStored(String channel, ConsumerRetryConfig retry) {
    this.channel = channel;
    this.retry = retry;
  }

  /**
   * @param size the batch's number of events (for logs)
   * @param whole the whole batch in one transaction
   * @param oneByOne the batch applied one event at a time, when the whole is refused as data
   */
  Uni<Void> run(int size, Supplier<Uni<Void>> whole, Supplier<Uni<Void>> oneByOne) {
    int[] conflicts = {0};
    return Uni.createFrom()
        .<Void>deferred(() -> whole.get())
        .onFailure(
            e -> {
              SqlStates.Kind kind = SqlStates.classify(e);
              return kind == SqlStates.Kind.DATA
                  || (kind == SqlStates.Kind.CONFLICT && ++conflicts[0] > CONFLICT_RETRIES);
            })
        .transform(Refused::new)
        .onFailure(e -> !(e instanceof Refused))
        .invoke(
            e ->
                LOG.warnf(
                    "Could not store a batch of %d events of %s, retrying it with backoff: %s",
                    size, channel, e))
        .onFailure(e -> !(e instanceof Refused))
        .retry()
        .withBackOff(retry.retryInitialBackoff(), retry.retryMaxBackoff())
        .indefinitely()
        .onFailure(Refused.class)
        .recoverWithUni(
            refused -> {
              LOG.warnf(
                  "The database refused a batch of %d events of %s as data (SQLSTATE %s):"
                      + " applying them one by one",
                  size, channel, SqlStates.sqlState(refused.getCause()));
              return oneByOne.get();
            });
  }

  /** Marks a refusal that no retry of the whole batch cures. */
  private static final class Refused extends RuntimeException {
    Refused(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
