package com.example.crm.sms.gateway.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.db.SqlStates;
import com.example.crm.sms.common.db.UnstorableEventException;
import com.example.crm.sms.common.db.UntilStored;
import com.example.crm.sms.gateway.service.InvalidEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** Rule 3 of the consumers: ack after the commit, retry outages, salvage data errors, DLQ last. */
class ConsumerAcksTest {

  private final AtomicInteger acks = new AtomicInteger();
  private final AtomicReference<Throwable> nacked = new AtomicReference<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final UntilStored untilStored =
      ConsumerAcks.untilStored(registry, "test", Duration.ofMillis(20));

  private Message<String> message(String payload) {
    return Message.of(
        payload,
        () -> {
          acks.incrementAndGet();
          return CompletableFuture.completedFuture(null);
        },
        failure -> {
          nacked.set(failure);
          return CompletableFuture.completedFuture(null);
        });
  }

  private void process(String payload, String invalid, Uni<Void> work, Uni<Void> salvage) {
    ConsumerAcks.process(
            message(payload),
            "test",
            p -> invalid,
            p -> untilStored.run(() -> "test event", () -> work, () -> salvage))
        .await()
        .atMost(Duration.ofSeconds(20));
  }

  private double dataErrors(String sqlState) {
    var counter =
        registry
            .find("sms.consumer.data.errors")
            .tags("channel", "test", "sqlstate", sqlState)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static PgException pg(String state) {
    return new PgException("refused", "ERROR", state, "refused");
  }

  @Test
  void aDatabaseOutageIsRetriedAndAckedOnlyAfterTheCommit() {
    AtomicInteger calls = new AtomicInteger();
    Uni<Void> work =
        Uni.createFrom()
            .deferred(
                () ->
                    calls.incrementAndGet() < 3
                        ? Uni.createFrom().failure(ClosedConnectionException.INSTANCE)
                        : Uni.createFrom().voidItem());
    process("event", null, work, Uni.createFrom().voidItem());
    assertEquals(3, calls.get());
    assertEquals(1, acks.get());
    assertEquals(null, nacked.get(), "never dead-lettered");
  }

  @Test
  void anInvalidEventIsNackedToTheDlqWithoutRetry() {
    AtomicInteger calls = new AtomicInteger();
    Uni<Void> work =
        Uni.createFrom().deferred(() -> Uni.createFrom().voidItem()).invoke(calls::incrementAndGet);
    process("event", "no MessageSid", work, work);
    assertEquals(0, calls.get(), "nothing stored, nothing retried");
    assertEquals(0, acks.get());
    assertTrue(nacked.get() instanceof InvalidEventException);
    assertEquals("no MessageSid", nacked.get().getMessage());
  }

  @Test
  void anUnreadableRecordIsNacked() {
    process(null, null, Uni.createFrom().voidItem(), Uni.createFrom().voidItem());
    assertTrue(nacked.get() instanceof InvalidEventException);
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
    AtomicInteger salvaged = new AtomicInteger();
    process(
        "event",
        null,
        Uni.createFrom().failure(pg("22021")),
        Uni.createFrom().voidItem().invoke(salvaged::incrementAndGet));
    assertEquals(1, salvaged.get());
    assertEquals(1, acks.get(), "what could be stored was: acked");
    assertNull(nacked.get());
    assertEquals(1, dataErrors("22021"));
  }

  @Test
  void aSalvageRefusedTooIsDeadLetteredWithTheReason() {
    process(
        "event",
        null,
        Uni.createFrom().failure(pg("22001")),
        Uni.createFrom().failure(pg("23514")));
    assertEquals(0, acks.get());
    UnstorableEventException e = assertInstanceOf(UnstorableEventException.class, nacked.get());
    assertTrue(e.getMessage().contains("test event"), e.getMessage());
    assertEquals(1, dataErrors("22001"));
  }
}
