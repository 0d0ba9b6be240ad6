package com.example.crm.sms.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Writes the server.properties of a local KRaft cluster of {@code nodes} combined broker and
 * controller nodes, for {@link LocalBroker}: node i (1..n) in {@code <dir>/node-<i>}, its client
 * listener on {@code firstPort + 2(i-1)} and its controller one on the port after. With 3 nodes the
 * topics are replicated as in the prod overlay (replication factor 3, min ISR 2). Formats the
 * storage of each node that has none yet (one cluster id for all), in this JVM: a JVM start per
 * node costs seconds on a busy machine.
 *
 * <pre>LocalBrokerConfig DIR NODES FIRST_PORT</pre>
 *
 * Prints the bootstrap servers.
 */
public final class LocalBrokerConfig {

  private LocalBrokerConfig() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: LocalBrokerConfig DIR NODES FIRST_PORT");
      System.exit(2);
    }
    QuietBrokerLogging.configure();
    Path dir = Path.of(args[0]).toAbsolutePath();
    int nodes = Integer.parseInt(args[1]);
    int firstPort = Integer.parseInt(args[2]);
    List<String> voters = new ArrayList<>();
    List<String> bootstrap = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      voters.add(i + "@127.0.0.1:" + controllerPort(firstPort, i));
      bootstrap.add("127.0.0.1:" + brokerPort(firstPort, i));
    }
    String clusterId = Uuid.randomUuid().toString();
    for (int i = 1; i <= nodes; i++) {
      Path node = dir.resolve("node-" + i);
      Files.createDirectories(node);
      Path config = node.resolve("server.properties");
      Files.writeString(
          config, properties(i, nodes, firstPort, String.join(",", voters), node.resolve("data")));
      if (!Files.exists(node.resolve("data").resolve("meta.properties"))) {
        int code =
            StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", config.toString()}, System.err);
        if (code != 0) {
          throw new IllegalStateException("could not format the storage of node " + i);
        }
      }
    }
    System.out.println(String.join(",", bootstrap));
  }

  static int brokerPort(int firstPort, int node) {
    return firstPort + 2 * (node - 1);
  }

  static int controllerPort(int firstPort, int node) {
    return brokerPort(firstPort, node) + 1;
  }

  static String properties(int node, int nodes, int firstPort, String voters, Path data) {
    int replicas = Math.min(3, nodes);
    int minIsr = Math.min(2, nodes);
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=" + node,
        "controller.quorum.voters=" + voters,
        "listeners=PLAINTEXT://127.0.0.1:"
            + brokerPort(firstPort, node)
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort(firstPort, node),
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort(firstPort, node),
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + data,
        "num.partitions=3",
        "auto.create.topics.enable=false",
        "default.replication.factor=" + replicas,
        "min.insync.replicas=" + minIsr,
        "offsets.topic.replication.factor=" + replicas,
        "offsets.topic.num.partitions=10",
        "transaction.state.log.replication.factor=" + replicas,
        "transaction.state.log.min.isr=" + minIsr,
        "group.initial.rebalance.delay.ms=0",
        RESTART_SETTINGS,
        "");
  }

  /**
   * A node killed with -9 recovers, at its next start, every segment written since its recovery
   * point: small segments and indexes bound that work. Until the controller fences a dead broker
   * (its session times out; Kafka's default 9 s) the partitions it led take no writes, longer than
   * the ingest service waits for an acknowledgement (3 s): 2 s, heartbeats every 0.5 s. See
   * chaos/README.md for the measurements.
   */
  private static final String RESTART_SETTINGS =
      String.join(
          "\n",
          "broker.session.timeout.ms=2000",
          "broker.heartbeat.interval.ms=500",
          "num.recovery.threads.per.data.dir=4",
          "log.segment.bytes=16777216",
          "log.index.size.max.bytes=1048576",
          "log.flush.offset.checkpoint.interval.ms=5000");
}
