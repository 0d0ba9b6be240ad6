package com.example.crm.sms.gateway.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.gateway.service.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class ConsumerRetriesTest {

  private final AtomicInteger acks = new AtomicInteger();
  private final AtomicReference<Throwable> nacked = new AtomicReference<>();

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

  @Test
  void aDatabaseOutageIsRetriedAndAckedOnlyAfterTheCommit() {
    AtomicInteger calls = new AtomicInteger();
    ConsumerRetries.process(
            message("event"),
            p ->
                calls.incrementAndGet() < 3
                    ? Uni.createFrom().failure(ClosedConnectionException.INSTANCE)
                    : Uni.createFrom().voidItem(),
            "test")
        .await()
        .atMost(Duration.ofSeconds(20));
    assertEquals(3, calls.get());
    assertEquals(1, acks.get());
    assertEquals(null, nacked.get(), "never dead-lettered");
  }

  @Test
  void anInvalidEventIsNackedToTheDlqWithoutRetry() {
    AtomicInteger calls = new AtomicInteger();
    ConsumerRetries.process(
            message("event"),
            p -> {
              calls.incrementAndGet();
              return Uni.createFrom().failure(new InvalidEventException("no MessageSid"));
            },
            "test")
        .await()
        .atMost(Duration.ofSeconds(5));
    assertEquals(1, calls.get());
    assertEquals(0, acks.get());
    assertTrue(nacked.get() instanceof InvalidEventException);
  }

  @Test
  void anUnreadableRecordIsNacked() {
    ConsumerRetries.process(message(null), p -> Uni.createFrom().voidItem(), "test")
        .await()
        .atMost(Duration.ofSeconds(5));
    assertTrue(nacked.get() instanceof InvalidEventException);
  }

  @Test
  void constraintViolationsArePermanentConnectionsAreNot() {
    assertFalse(
        ConsumerRetries.transientFailure(new PgException("bad", "ERROR", "23502", "null value")));
    assertFalse(
        ConsumerRetries.transientFailure(new PgException("bad", "ERROR", "22001", "too long")));
    assertTrue(
        ConsumerRetries.transientFailure(new PgException("down", "FATAL", "57P01", "shutdown")));
    assertTrue(ConsumerRetries.transientFailure(ClosedConnectionException.INSTANCE));
  }
}
