package com.example.crm.sms.testsupport;

/**
 * The local run's broker (run-local.sh): Kafka's own {@code kafka.Kafka} with the given
 * server.properties (fixed ports, data kept between runs), logging as quietly as the benchmarks'
 * {@link StandaloneBroker}.
 */
public final class LocalBroker {

  private LocalBroker() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: LocalBroker <server.properties>");
      System.exit(2);
    }
    QuietBrokerLogging.configure();
    kafka.Kafka.main(args);
  }
}
