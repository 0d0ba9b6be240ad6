package com.example.crm.sms.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * A private broker (with the contract's topics) as a process of its own, for benchmark scripts:
 * writes its bootstrap servers to the file named by {@code args[0]} and runs until it is killed.
 */
public final class StandaloneBroker {

  private StandaloneBroker() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: StandaloneBroker <bootstrap-servers-file>");
      System.exit(2);
    }
    configureLogging();
    KafkaBroker broker = KafkaBroker.startNew();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "standalone-broker-stop"));
    Path target = Path.of(args[0]).toAbsolutePath();
    // Written whole, then moved, so a script polling for the file never reads half of it.
    Path partial = Files.createTempFile(target.getParent(), ".bootstrap", ".tmp");
    Files.writeString(partial, broker.bootstrapServers());
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    Thread.currentThread().join();
  }

  /**
   * Unconfigured, JBoss LogManager (the broker's log backend on this classpath) has no handler and
   * every level on: Kafka then wrote nothing, yet formatted each request as JSON for its debug
   * request log, about a fifth of the broker's CPU under load. WARN and above now go to stderr,
   * which the scripts keep in a file.
   */
  private static void configureLogging() {
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
