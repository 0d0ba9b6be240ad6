package com.example.crm.sms.testsupport;

import com.example.crm.sms.events.EventJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: publish what a peer service would, read what a service wrote. */
public final class TestKafka {

  private TestKafka() {}

  private static KafkaProducer<String, String> producer;

  /** Publishes one record and waits for the broker's acknowledgement. */
  public static RecordMetadata send(String topic, String key, String json) {
    try {
      return sendAsync(topic, key, json).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not publish to " + topic, e);
    }
  }

  /** Publishes one event of the contract as its JSON and waits for the acknowledgement. */
  public static RecordMetadata sendEvent(String topic, String key, Object event) {
    try {
      return send(topic, key, EventJson.mapper().writeValueAsString(event));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an event of the contract: " + event, e);
    }
  }

  /** Publishes without waiting; one producer serves the whole test JVM, so many records go fast. */
  public static synchronized Future<RecordMetadata> sendAsync(
      String topic, String key, String json) {
    if (producer == null) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
      producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
    return producer.send(new ProducerRecord<>(topic, key, json));
  }

  /**
   * Reads the topic from the beginning until {@code count} records match {@code filter} or the
   * timeout passes; returns the matches found.
   */
  public static List<ConsumerRecord<String, String>> read(
      String topic, Predicate<ConsumerRecord<String, String>> filter, int count, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (found.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (filter.test(r)) {
            found.add(r);
          }
        }
      }
    }
    return found;
  }
}
