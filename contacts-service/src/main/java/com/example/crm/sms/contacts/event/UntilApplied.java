package com.example.crm.sms.contacts.event;

import com.example.crm.sms.contacts.config.ContactsConfig;
import com.example.crm.sms.contacts.service.UnreadableEventException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs an event's database work until it is applied (DESIGN.md rule 3). A failure that retrying
 * cannot cure (an unreadable event, a value the database rejects as data) fails at once, so the
 * connector dead-letters it; anything else — the database down, a connection lost, a timeout — is
 * retried with backoff for as long as it takes, without acknowledging, so the consumer pauses and
 * no valid event is skipped or dead-lettered.
 */
@ApplicationScoped
public class UntilApplied {

  private static final Logger LOG = Logger.getLogger(UntilApplied.class);

  private final ContactsConfig config;

  public UntilApplied(ContactsConfig config) {
    this.config = config;
  }

  public <T> Uni<T> run(Supplier<Uni<T>> work, Supplier<String> what) {
    return Uni.createFrom()
        .<T>deferred(() -> work.get())
        .onFailure(UntilApplied::isDataError)
        .transform(
            e ->
                new UnreadableEventException(
                    "the database rejected the event: " + e.getMessage(), e))
        .onFailure(UntilApplied::isRetryable)
        .invoke(
            e ->
                LOG.warnf(
                    "Could not apply %s, retrying with backoff: %s", what.get(), e.toString()))
        .onFailure(UntilApplied::isRetryable)
        .retry()
        .withBackOff(config.consumer().retryInitialBackoff(), config.consumer().retryMaxBackoff())
        .indefinitely();
  }

  static boolean isRetryable(Throwable e) {
    return !(e instanceof UnreadableEventException);
  }

  /** SQLSTATE class 22 (data exception) or 23 (integrity): the same event fails every time. */
  static boolean isDataError(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof PgException pg && pg.getSqlState() != null) {
        return pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23");
      }
    }
    return false;
  }
}
