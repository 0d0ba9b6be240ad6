package com.example.crm.sms.gateway.event;

import com.example.crm.sms.gateway.service.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The consumers' rule 3: ack only after the transaction committed; while the database is down,
 * retry with backoff without acking (the partition waits); only an event that can never apply
 * (unreadable, invalid, refused by a constraint) is nacked, which sends it to the DLQ.
 */
final class ConsumerRetries {

  private static final Logger LOG = Logger.getLogger(ConsumerRetries.class);

  private ConsumerRetries() {}

  static <T> Uni<Void> process(
      Message<T> message, java.util.function.Function<T, Uni<Void>> work, String what) {
    T payload = message.getPayload();
    if (payload == null) {
      return Uni.createFrom()
          .completionStage(
              message.nack(new InvalidEventException("unreadable " + what + " record")));
    }
    return Uni.createFrom()
        .deferred(() -> work.apply(payload))
        .onFailure(ConsumerRetries::transientFailure)
        .invoke(f -> LOG.warnf("Storing %s failed (%s); retrying", what, f.toString()))
        .onFailure(ConsumerRetries::transientFailure)
        .retry()
        .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30))
        .indefinitely()
        .onItemOrFailure()
        .transformToUni(
            (ok, failure) ->
                failure == null
                    ? Uni.createFrom().completionStage(message.ack())
                    : Uni.createFrom().completionStage(message.nack(failure)));
  }

  /** Anything but a permanent data problem is worth retrying (connections, timeouts, locks). */
  static boolean transientFailure(Throwable failure) {
    if (failure instanceof InvalidEventException) {
      return false;
    }
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      String state = pg.getSqlState();
      // 22: data exception, 23: integrity constraint violation: retrying cannot help.
      return !(state.startsWith("22") || state.startsWith("23"));
    }
    return !(failure instanceof IllegalArgumentException);
  }
}
