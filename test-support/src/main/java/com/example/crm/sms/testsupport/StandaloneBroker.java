package com.example.crm.sms.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
    QuietBrokerLogging.configure();
    KafkaBroker broker = KafkaBroker.startNew();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "standalone-broker-stop"));
    Path target = Path.of(args[0]).toAbsolutePath();
    // Written whole, then moved, so a script polling for the file never reads half of it.
    Path partial = Files.createTempFile(target.getParent(), ".bootstrap", ".tmp");
    Files.writeString(partial, broker.bootstrapServers());
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    Thread.currentThread().join();
  }
}
