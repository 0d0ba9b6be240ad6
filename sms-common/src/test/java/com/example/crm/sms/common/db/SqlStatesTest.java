package com.example.crm.sms.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which failures mean "the database is out of reach" (a 503 for an API request). */
class SqlStatesTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("connection refused", new ConnectException("Connection refused"), true),
        Arguments.of("connect timed out", new ConnectTimeoutException("timed out"), true),
        Arguments.of("connection closed", ClosedConnectionException.INSTANCE, true),
        Arguments.of("no pooled connection in time", new NoStackTraceTimeoutException("t"), true),
        Arguments.of(
            "wrapped twice",
            new IllegalStateException(new RuntimeException(new ConnectException("refused"))),
            true),
        Arguments.of("server shutting down (57P01)", pg("57P01"), true),
        Arguments.of("cannot connect now (57P03)", pg("57P03"), true),
        Arguments.of("connection failure (08006)", pg("08006"), true),
        Arguments.of("unique violation", pg("23505"), false),
        Arguments.of("bad data", pg("22P02"), false),
        Arguments.of("query canceled (57014)", pg("57014"), false),
        Arguments.of("a bug", new NullPointerException(), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void tellsAnUnreachableDatabaseFromEveryOtherFailure(
      String name, Throwable failure, boolean unreachable) {
    assertEquals(unreachable, SqlStates.unreachable(failure));
  }

  private static PgException pg(String state) {
    return new PgException("refused", "ERROR", state, null);
  }
}
