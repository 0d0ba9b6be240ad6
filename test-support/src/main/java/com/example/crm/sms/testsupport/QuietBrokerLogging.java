package com.example.crm.sms.testsupport;

import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * The logging of a broker run as a process of its own ({@link StandaloneBroker}, {@link
 * LocalBroker}). Unconfigured, JBoss LogManager (the broker's log backend on this classpath) has no
 * handler and every level on: Kafka then wrote nothing, yet formatted each request as JSON for its
 * debug request log, about a fifth of the broker's CPU under load. WARN and above now go to stderr,
 * which the scripts keep in a file.
 */
final class QuietBrokerLogging {

  private QuietBrokerLogging() {}

  /** Call first in main, before anything touches java.util.logging. */
  static void configure() {
    // Before anything touches java.util.logging, or JBoss LogManager complains at every start.
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    Logger root = LogContext.getSystemLogContext().getLogger("");
    root.setLevel(Level.WARNING);
    root.addHandler(
        new ConsoleHandler(
            ConsoleHandler.Target.SYSTEM_ERR,
            new PatternFormatter("%d{HH:mm:ss.SSS} %-5p [%c] %s%e%n")));
  }
}
