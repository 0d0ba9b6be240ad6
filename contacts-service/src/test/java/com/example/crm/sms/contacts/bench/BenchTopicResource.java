package com.example.crm.sms.contacts.bench;

import com.example.crm.sms.contacts.TestEvents;
import com.example.crm.sms.testsupport.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fills a topic of its own with inbound events BEFORE the service starts, then points the service's
 * inbound consumer at it: the service meets a preloaded backlog, as after an outage. Sizes from
 * system properties bench.events (default 100000) and bench.numbers (default 2000).
 */
public class BenchTopicResource implements QuarkusTestResourceLifecycleManager {

  static final String TOPIC = "bench.sms.inbound.v1";

  static int events() {
    return Integer.getInteger("bench.events", 100_000);
  }

  static int numbers() {
    return Integer.getInteger("bench.numbers", 2_000);
  }

  @Override
  public Map<String, String> start() {
    KafkaBroker broker = KafkaBroker.shared();
    broker.createTopics(List.of(TOPIC));
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    Instant start = Instant.parse("2026-11-25T00:00:00Z");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < events(); i++) {
        String from = "+1239426" + String.format("%04d", i % numbers());
        String json =
            TestEvents.json(
                TestEvents.inbound(
                    from,
                    "Bench message " + i + ": is the viewing still on?",
                    start.plusMillis(i)));
        producer.send(new ProducerRecord<>(TOPIC, from, json));
      }
      producer.flush();
    }
    return Map.of(
        "kafka.bootstrap.servers",
        broker.bootstrapServers(),
        "mp.messaging.incoming.sms-inbound.topic",
        TOPIC,
        "mp.messaging.incoming.sms-inbound.group.id",
        "contacts-bench-" + UUID.randomUUID(),
        "mp.messaging.incoming.sms-outbound.group.id",
        "contacts-bench-" + UUID.randomUUID());
  }

  @Override
  public void stop() {
    // The broker stops with the JVM.
  }
}
