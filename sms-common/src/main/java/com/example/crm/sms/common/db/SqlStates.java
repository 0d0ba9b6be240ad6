package com.example.crm.sms.common.db;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * The one reading of PostgreSQL's SQLSTATE for the consumers (rule 3, docs/architecture.md): what a
 * retry can cure and what it cannot.
 */
public final class SqlStates {

  /** unique_violation: a concurrent writer got there first; a retry reads what it wrote. */
  public static final String UNIQUE_VIOLATION = "23505";

  private SqlStates() {}

  /** How a failure of a consumer's database work is handled. */
  public enum Kind {
    /** The database or the connection: retry until it is back. */
    TRANSIENT,
    /** Another writer's row won a unique key: a retry sees it, so retry (a few times). */
    CONFLICT,
    /**
     * SQLSTATE class 22 (data exception) or 23 (integrity) other than a unique conflict: the same
     * statement fails every time.
     */
    DATA
  }

  /** The SQLSTATE in {@code failure} or its causes, or null when the database gave none. */
  public static String sqlState(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof PgException pg && pg.getSqlState() != null) {
        return pg.getSqlState();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /**
   * Whether {@code failure} says the database cannot be reached right now: no connection (refused,
   * closed, timed out, or none free in the pool in time) or a server that is shutting down or not
   * yet accepting (SQLSTATE class 08, 57P01 to 57P03). A request that meets it gets a 503, not a
   * 500: nothing is wrong with the request, and it can be tried again.
   */
  public static boolean unreachable(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof ConnectException
          || c instanceof ClosedConnectionException
          || c instanceof TimeoutException) {
        return true;
      }
      if (c instanceof PgException pg && pg.getSqlState() != null) {
        String state = pg.getSqlState();
        return state.startsWith("08") || state.matches("57P0[123]");
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  public static Kind classify(Throwable failure) {
    String state = sqlState(failure);
    if (state == null) {
      return Kind.TRANSIENT;
    }
    if (UNIQUE_VIOLATION.equals(state)) {
      return Kind.CONFLICT;
    }
    return state.startsWith("22") || state.startsWith("23") ? Kind.DATA : Kind.TRANSIENT;
  }
}
