package com.example.crm.sms.gateway.event;

import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.gateway.service.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The consumers' rule 3: ack only after the transaction committed. The storing itself runs under
 * sms-common's {@link UntilStored} (retry while the database is down, salvage on a data error);
 * only a record that is unreadable, names nothing to store, or was refused even in its salvaged
 * form is nacked, which sends it to the DLQ with the reason in its headers.
 */
final class ConsumerAcks {

  static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private ConsumerAcks() {}

  /**
   * The rule for one channel: its data errors counted as {@code
   * sms_consumer_data_errors_total{channel,sqlstate}}.
   */
  static UntilStored untilStored(MeterRegistry registry, String channel, Duration initial) {
    return new UntilStored(
        initial,
        MAX_BACKOFF,
        state ->
            registry
                .counter("sms.consumer.data.errors", "channel", channel, "sqlstate", state)
                .increment());
  }

  /**
   * @param invalid why an event can never be stored, or null
   * @param store the storing, which fails only when the event is unstorable
   */
  static <T> Uni<Void> process(
      Message<T> message, String what, Function<T, String> invalid, Function<T, Uni<Void>> store) {
    T payload = message.getPayload();
    if (payload == null) {
      return nack(message, new InvalidEventException("unreadable " + what + " record"));
    }
    String reason = invalid.apply(payload);
    if (reason != null) {
      return nack(message, new InvalidEventException(reason));
    }
    return Uni.createFrom()
        .deferred(() -> store.apply(payload))
        .onItemOrFailure()
        .transformToUni(
            (ok, failure) ->
                failure == null
                    ? Uni.createFrom().completionStage(message.ack())
                    : nack(message, failure));
  }

  private static Uni<Void> nack(Message<?> message, Throwable reason) {
    return Uni.createFrom().completionStage(message.nack(reason));
  }
}
