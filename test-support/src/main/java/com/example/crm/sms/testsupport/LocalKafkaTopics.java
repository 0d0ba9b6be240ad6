package com.example.crm.sms.testsupport;

import com.example.crm.sms.events.Topics;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the contract's topics on the local run's broker (run-local.sh) or cluster (chaos/run.sh).
 * Arguments: bootstrap servers, partitions, replication factor (1 unless given).
 */
public final class LocalKafkaTopics {

  private LocalKafkaTopics() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : KafkaBroker.PARTITIONS;
    short replicas = args.length > 2 ? Short.parseShort(args[2]) : 1;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          Topics.ALL.stream()
              .filter(t -> !existing.contains(t))
              .map(t -> new NewTopic(t, partitions, replicas))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
      System.out.println("topics ready: " + Topics.ALL);
    }
  }
}
