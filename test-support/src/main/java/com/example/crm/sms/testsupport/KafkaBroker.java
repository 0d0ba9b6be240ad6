package com.example.crm.sms.testsupport;

import com.example.crm.sms.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker and controller node), run inside
 * the test JVM. {@link #shared()} starts one per JVM for every test class; {@link #startNew()}
 * gives a private one that a fault test may stop.
 */
public final class KafkaBroker implements AutoCloseable {

  /** Partitions of every topic: more than one, so tests see what keys do to ordering. */
  public static final int PARTITIONS = 3;

  private static KafkaBroker shared;

  private final KafkaClusterTestKit cluster;
  private volatile boolean running;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** The broker of this JVM, started (with the contract's topics) on first use. */
  public static synchronized KafkaBroker shared() {
    if (shared == null) {
      shared = startNew();
      KafkaBroker broker = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-test-broker-stop"));
    }
    return shared;
  }

  /** A new broker of its own, with the contract's topics; the caller closes it. */
  public static KafkaBroker startNew() {
    // A broker fault while the JVM shuts down must not halt the test JVM with a non-zero code.
    Exit.setHaltProcedure((code, message) -> {});
    Exit.setExitProcedure((code, message) -> {});
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "3")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "false")
              .setDeleteOnClose(true)
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      KafkaBroker broker = new KafkaBroker(cluster);
      broker.running = true;
      broker.createTopics(Topics.ALL);
      return broker;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test Kafka broker", e);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates topics of {@link #PARTITIONS} partitions; existing ones are left alone. */
  public void createTopics(List<String> names) {
    try (Admin admin = admin()) {
      var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          names.stream()
              .filter(n -> !existing.contains(n))
              .map(n -> new NewTopic(n, PARTITIONS, (short) 1))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + names, e);
    }
  }

  public Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(props);
  }

  public Map<String, String> quarkusConfig() {
    return Map.of("kafka.bootstrap.servers", bootstrapServers());
  }

  public boolean isRunning() {
    return running;
  }

  @Override
  public synchronized void close() {
    if (!running) {
      return;
    }
    running = false;
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the test Kafka broker", e);
    }
  }
}
