package com.example.crm.sms.testsupport;

import java.io.File;
import java.io.FileNotFoundException;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.FileHandler;

/**
 * The logging of a broker run as a process of its own ({@link StandaloneBroker}, {@link
 * LocalBroker}). Unconfigured, JBoss LogManager (the broker's log backend on this classpath) has no
 * handler and every level on: Kafka then wrote nothing, yet formatted each request as JSON for its
 * debug request log, about a fifth of the broker's CPU under load. WARN and above go out, and the
 * broker's own lifecycle (start, log recovery, registration, shutdown) at INFO, so a restart can be
 * read and timed; to stderr, or with the system property {@value #FILE_PROPERTY} to that file.
 */
final class QuietBrokerLogging {

  /** System property naming the log file (appended to); stderr without it. */
  static final String FILE_PROPERTY = "broker.log.file";

  /** The loggers of the broker's lifecycle: a few lines per start, stop or recovery. */
  private static final List<String> LIFECYCLE =
      List.of(
          "kafka.Kafka",
          "kafka.server.KafkaRaftServer",
          "kafka.server.BrokerServer",
          "kafka.server.ControllerServer",
          "kafka.server.BrokerLifecycleManager",
          "kafka.server.SharedServer",
          "kafka.log.LogManager",
          "org.apache.kafka.storage.internals.log.LogLoader",
          "org.apache.kafka.controller.QuorumController",
          "org.apache.kafka.controller.BrokerHeartbeatManager",
          "org.apache.kafka.image.loader.MetadataLoader",
          "org.apache.kafka.raft.QuorumState");

  private QuietBrokerLogging() {}

  /** Call first in main, before anything touches java.util.logging. */
  static void configure() {
    // Before anything touches java.util.logging, or JBoss LogManager complains at every start.
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    LogContext context = LogContext.getSystemLogContext();
    Logger root = context.getLogger("");
    root.setLevel(Level.WARNING);
    root.addHandler(handler(System.getProperty(FILE_PROPERTY)));
    for (String name : LIFECYCLE) {
      context.getLogger(name).setLevel(Level.INFO);
    }
  }

  private static Handler handler(String file) {
    PatternFormatter format = new PatternFormatter("%d{HH:mm:ss.SSS} %-5p [%c] %s%e%n");
    if (file == null || file.isBlank()) {
      return new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR, format);
    }
    try {
      FileHandler handler = new FileHandler(format, new File(file), true);
      handler.setAutoFlush(true);
      return handler;
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("cannot write the broker log " + file, e);
    }
  }
}
