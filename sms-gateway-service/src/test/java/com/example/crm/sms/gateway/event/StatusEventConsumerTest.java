package com.example.crm.sms.gateway.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.db.ConsumerRetryConfig;
import com.example.crm.sms.common.db.ConsumerStorage;
import com.example.crm.sms.common.db.SqlStates;
import com.example.crm.sms.common.db.UnstorableEventException;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.gateway.service.InvalidEventException;
import com.example.crm.sms.gateway.service.StatusBatchService;
import com.example.crm.sms.gateway.service.StatusService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * Rule 3 of the consumers (docs/architecture.md): the consumer's Uni, after which the batch is
 * acked, completes only after the commit; outages are retried, data errors salvaged, and only what
 * can never be stored is nacked (to the DLQ), alone.
 */
class StatusEventConsumerTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger applied = new AtomicInteger();
  private final AtomicInteger salvaged = new AtomicInteger();

  /** The reason each record was nacked with (to the DLQ), by MessageSid. */
  private final Map<String, Throwable> nacked = new ConcurrentHashMap<>();

  /** A status service whose storing does what the test says, counting the calls. */
  private StatusEventConsumer consumer(Supplier<Uni<Void>> apply, Supplier<Uni<Void>> salvage) {
    return consumer(apply, e -> apply.get(), e -> salvage.get());
  }

  /** The batch's transaction does {@code batch}; each event alone does {@code one}. */
  private StatusEventConsumer consumer(
      Supplier<Uni<Void>> batch,
      Function<MessageStatusReportedEvent, Uni<Void>> one,
      Function<MessageStatusReportedEvent, Uni<Void>> salvage) {
    StatusService statuses =
        new StatusService(null, null, null, null, null, registry) {
          @Override
          public Uni<Void> apply(MessageStatusReportedEvent e) {
            applied.incrementAndGet();
            return one.apply(e);
          }

          @Override
          public Uni<Void> salvage(MessageStatusReportedEvent e) {
            salvaged.incrementAndGet();
            return salvage.apply(e);
          }
        };
    StatusBatchService batches =
        new StatusBatchService(null, null, null, null, null) {
          @Override
          public Uni<Void> apply(List<MessageStatusReportedEvent> callbacks) {
            return batch.get();
          }
        };
    ConsumerRetryConfig fast =
        new ConsumerRetryConfig() {
          @Override
          public Duration retryInitialBackoff() {
            return Duration.ofMillis(20);
          }

          @Override
          public Duration retryMaxBackoff() {
            return Duration.ofSeconds(1);
          }
        };
    return new StatusEventConsumer(statuses, batches, new ConsumerStorage(fast, registry));
  }

  private static MessageStatusReportedEvent delivered(String sid) {
    return new MessageStatusReportedEvent(
        UUID.randomUUID(),
        MessageStatusReportedEvent.TYPE,
        Instant.now(),
        MessageStatusReportedEvent.SCHEMA_VERSION,
        sid,
        "AC1",
        MessageStatus.DELIVERED,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A record of the batch that remembers why it was nacked. */
  private Message<MessageStatusReportedEvent> record(MessageStatusReportedEvent e) {
    String key = e == null ? "unreadable" : e.messageSid();
    return Message.of(
        e,
        () -> CompletableFuture.completedFuture(null),
        reason -> {
          nacked.put(key, reason);
          return CompletableFuture.completedFuture(null);
        });
  }

  /** Stores the batch; the reason each record was nacked, by MessageSid. */
  private Map<String, Throwable> nacks(
      StatusEventConsumer consumer, MessageStatusReportedEvent... batch) {
    List<Message<MessageStatusReportedEvent>> records =
        Arrays.stream(batch).map(this::record).toList();
    consumer.store(records).await().atMost(Duration.ofSeconds(20));
    return nacked;
  }

  /** The failure the record was nacked with, or null when it was stored (the batch is acked). */
  private Throwable outcome(StatusEventConsumer consumer, MessageStatusReportedEvent e) {
    return nacks(consumer, e).get(e == null ? "unreadable" : e.messageSid());
  }

  private double dataErrors(String sqlState) {
    var counter =
        registry
            .find(ConsumerStorage.DATA_ERRORS)
            .tags("channel", "status", "sqlstate", sqlState)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static PgException pg(String state) {
    return new PgException("refused", "ERROR", state, "refused");
  }

  private static Supplier<Uni<Void>> ok() {
    return () -> Uni.createFrom().voidItem();
  }

  @Test
  void aDatabaseOutageIsRetriedAndAckedOnlyAfterTheCommit() {
    AtomicInteger calls = new AtomicInteger();
    StatusEventConsumer consumer =
        consumer(
            () ->
                calls.incrementAndGet() < 3
                    ? Uni.createFrom().failure(ClosedConnectionException.INSTANCE)
                    : Uni.createFrom().voidItem(),
            ok());
    assertNull(outcome(consumer, delivered("SM1")), "never dead-lettered: acked");
    assertEquals(3, calls.get(), "acked only after the third attempt committed");
  }

  @Test
  void anInvalidEventIsNackedToTheDlqWithoutRetry() {
    StatusEventConsumer consumer = consumer(ok(), ok());
    Throwable failure = outcome(consumer, delivered(" "));
    assertEquals(0, applied.get() + salvaged.get(), "nothing stored, nothing retried");
    assertInstanceOf(InvalidEventException.class, failure);
    assertTrue(failure.getMessage().contains("without MessageSid or status"), failure.getMessage());
  }

  @Test
  void anUnreadableRecordIsNacked() {
    Throwable failure = outcome(consumer(ok(), ok()), null);
    assertInstanceOf(InvalidEventException.class, failure);
    assertEquals(0, applied.get() + salvaged.get());
  }

  @Test
  void constraintViolationsArePermanentConnectionsAreNot() {
    assertEquals(SqlStates.Kind.DATA, SqlStates.classify(pg("23502")));
    assertEquals(SqlStates.Kind.DATA, SqlStates.classify(pg("22001")));
    assertEquals(SqlStates.Kind.TRANSIENT, SqlStates.classify(pg("57P01")));
    assertEquals(SqlStates.Kind.TRANSIENT, SqlStates.classify(ClosedConnectionException.INSTANCE));
  }

  @Test
  void aDataErrorRunsTheSalvageCountsItAndAcks() {
    StatusEventConsumer consumer = consumer(() -> Uni.createFrom().failure(pg("22021")), ok());
    assertNull(outcome(consumer, delivered("SM2")), "what could be stored was: acked");
    assertEquals(1, salvaged.get());
    assertEquals(1, dataErrors("22021"));
  }

  @Test
  void aSalvageRefusedTooIsDeadLetteredWithTheReason() {
    StatusEventConsumer consumer =
        consumer(
            () -> Uni.createFrom().failure(pg("22001")),
            () -> Uni.createFrom().failure(pg("23514")));
    Throwable failure = outcome(consumer, delivered("SM3"));
    UnstorableEventException e = assertInstanceOf(UnstorableEventException.class, failure);
    assertTrue(e.getMessage().contains("status delivered of SM3"), e.getMessage());
    assertEquals(1, dataErrors("22001"));
  }

  @Test
  void anInvalidRecordIsNackedAloneAndTheRestOfItsBatchIsStoredInOneTransaction() {
    AtomicInteger transactions = new AtomicInteger();
    StatusEventConsumer consumer =
        consumer(
            () -> {
              transactions.incrementAndGet();
              return Uni.createFrom().voidItem();
            },
            ok());
    Map<String, Throwable> nacks =
        nacks(consumer, delivered("SM4"), delivered(" "), null, delivered("SM5"));
    assertEquals(1, transactions.get(), "SM4 and SM5 in one transaction");
    assertEquals(0, applied.get() + salvaged.get(), "no event stored on its own");
    assertEquals(Set.of(" ", "unreadable"), nacks.keySet(), "only the bad two nacked");
    nacks.values().forEach(reason -> assertInstanceOf(InvalidEventException.class, reason));
  }

  @Test
  void aBatchRefusedAsDataIsStoredOneEventAtATimeAndOnlyTheUnstorableIsNacked() {
    StatusEventConsumer consumer =
        consumer(
            () -> Uni.createFrom().failure(pg("22023")),
            e ->
                e.messageSid().equals("SM7")
                    ? Uni.createFrom().failure(pg("22023"))
                    : Uni.createFrom().voidItem(),
            e ->
                e.messageSid().equals("SM7")
                    ? Uni.createFrom().failure(pg("22023"))
                    : Uni.createFrom().voidItem());
    Map<String, Throwable> nacks =
        nacks(consumer, delivered("SM6"), delivered("SM7"), delivered("SM8"));
    assertEquals(3, applied.get(), "each event stored on its own, in order");
    assertEquals(Set.of("SM7"), nacks.keySet());
    assertInstanceOf(UnstorableEventException.class, nacks.get("SM7"));
    assertEquals(1, dataErrors("22023"), "the refused event counted once, the batch not");
  }
}
