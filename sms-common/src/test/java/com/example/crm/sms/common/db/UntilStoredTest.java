package com.example.crm.sms.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UntilStoredTest {

  private final List<String> counted = new ArrayList<>();
  private final UntilStored until =
      new UntilStored(Duration.ofMillis(1), Duration.ofMillis(5), counted::add);

  private static PgException pg(String sqlState) {
    return new PgException("refused", "ERROR", sqlState, null);
  }

  /** Fails {@code times} times with {@code failure}, then stores "stored". */
  private static Supplier<Uni<String>> failing(
      int times, RuntimeException failure, AtomicInteger calls) {
    return () ->
        calls.incrementAndGet() <= times
            ? Uni.createFrom().failure(failure)
            : Uni.createFrom().item("stored");
  }

  @ParameterizedTest(name = "{0} ({1}) is retried until the database takes it")
  @CsvSource({
    "connection refused,",
    "admin shutdown,57P01",
    "serialization failure,40001",
    "deadlock,40P01",
    "unique conflict (a concurrent writer won),23505"
  })
  void transientFailuresAreRetriedNotSalvaged(String what, String sqlState) {
    AtomicInteger calls = new AtomicInteger();
    RuntimeException failure = sqlState == null ? new RuntimeException(what) : pg(sqlState);
    String result =
        until
            .run(() -> what, failing(3, failure, calls), () -> Uni.createFrom().item("salvaged"))
            .await()
            .atMost(Duration.ofSeconds(5));
    assertEquals("stored", result);
    assertEquals(4, calls.get());
    assertEquals(List.of(), counted);
  }

  @ParameterizedTest(name = "SQLSTATE {0} is salvaged and counted, never retried forever")
  @CsvSource({"22021", "22001", "23502", "23514", "23503"})
  void dataErrorsAreCountedAndSalvaged(String sqlState) {
    AtomicInteger calls = new AtomicInteger();
    String result =
        until
            .run(
                () -> "event",
                failing(Integer.MAX_VALUE, pg(sqlState), calls),
                () -> Uni.createFrom().item("salvaged"))
            .await()
            .atMost(Duration.ofSeconds(5));
    assertEquals("salvaged", result);
    assertEquals(1, calls.get());
    assertEquals(List.of(sqlState), counted);
  }

  @Test
  void aUniqueConflictThatNeverClearsCountsAsADataError() {
    AtomicInteger calls = new AtomicInteger();
    String result =
        until
            .run(
                () -> "event",
                failing(Integer.MAX_VALUE, pg("23505"), calls),
                () -> Uni.createFrom().item("salvaged"))
            .await()
            .atMost(Duration.ofSeconds(5));
    assertEquals("salvaged", result);
    assertEquals(UntilStored.CONFLICT_RETRIES + 1, calls.get());
  }

  @Test
  void theSalvageWaitsOutAnOutageToo() {
    AtomicInteger salvageCalls = new AtomicInteger();
    String result =
        until
            .run(
                () -> "event",
                () -> Uni.createFrom().failure(pg("22021")),
                failing(2, new RuntimeException("connection closed"), salvageCalls))
            .await()
            .atMost(Duration.ofSeconds(5));
    assertEquals("stored", result);
    assertEquals(3, salvageCalls.get());
  }

  @Test
  void aRefusedSalvageFailsWithTheReasonSoTheCallerDeadLettersIt() {
    Uni<String> run =
        until.run(
            () -> "inbound SM1",
            () -> Uni.createFrom().failure(pg("22021")),
            () -> Uni.createFrom().failure(pg("22001")));
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> run.await().atMost(Duration.ofSeconds(5)));
    assertInstanceOf(UnstorableEventException.class, e);
    assertInstanceOf(PgException.class, e.getCause());
    assertEquals("22001", SqlStates.sqlState(e));
  }

  @ParameterizedTest(
      name = "a batch failing with {0} ({1}): whole again {2} times, one by one: {3}")
  @CsvSource({
    "connection refused,,3,false",
    "admin shutdown,57P01,3,false",
    "deadlock,40P01,3,false",
    "invalid byte sequence,22021,0,true",
    "not null violation,23502,0,true",
    "a unique conflict that never clears,23505,5,true"
  })
  void aBatchIsRetriedWholeWhileTheDatabaseIsDownAndAppliedOneByOneWhenRefusedAsData(
      String what, String sqlState, int retries, boolean oneByOne) {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger split = new AtomicInteger();
    RuntimeException failure = sqlState == null ? new RuntimeException(what) : pg(sqlState);
    Supplier<Uni<String>> whole = failing(oneByOne ? Integer.MAX_VALUE : 3, failure, calls);
    until
        .runBatch(
            () -> "a batch",
            () -> whole.get().replaceWithVoid(),
            () -> Uni.createFrom().voidItem().invoke(split::incrementAndGet))
        .await()
        .atMost(Duration.ofSeconds(5));
    assertEquals(retries + 1, calls.get(), "attempts of the whole batch");
    assertEquals(oneByOne ? 1 : 0, split.get(), "applied one event at a time");
    assertEquals(List.of(), counted, "the events of a batch are counted one by one, not here");
  }
}
