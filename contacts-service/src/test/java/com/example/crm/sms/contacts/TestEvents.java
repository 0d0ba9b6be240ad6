package com.example.crm.sms.contacts;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.OutboundMessageEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.events.samples.SampleEvents;
import com.example.crm.sms.testsupport.KafkaBroker;
import com.example.crm.sms.testsupport.TestKafka;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Events as the peer services publish them, built from the sms-events records. */
public final class TestEvents {

  public static final String OUR_NUMBER = "+15005550006";

  private static final AtomicInteger NEXT_NUMBER =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(2000, 5000));

  private TestEvents() {}

  /** A valid US number no other test of this JVM uses, in E.164. */
  public static String newNumber() {
    return "+1239426" + String.format("%04d", NEXT_NUMBER.getAndIncrement() % 10_000);
  }

  public static String newSid() {
    return SampleEvents.newSid();
  }

  public static InboundMessageReceivedEvent inbound(
      String from, String sid, Instant at, String body, KeywordKind keyword) {
    return SampleEvents.inbound(sid, from, OUR_NUMBER, body, keyword, at);
  }

  public static InboundMessageReceivedEvent inbound(String from, String body, Instant at) {
    return inbound(from, newSid(), at, body, KeywordKind.NONE);
  }

  public static OutboundMessageEvent outbound(
      UUID messageId, UUID contactId, String to, MessageStatus status, Instant at) {
    boolean failed = status == MessageStatus.FAILED || status == MessageStatus.UNDELIVERED;
    return new OutboundMessageEvent(
        UUID.randomUUID(),
        OutboundMessageEvent.TYPE,
        at,
        OutboundMessageEvent.SCHEMA_VERSION,
        messageId,
        contactId,
        "SM" + messageId.toString().replace("-", ""),
        to,
        OUR_NUMBER,
        "Yes, see you at 3pm!",
        status,
        1,
        "GSM-7",
        failed ? 30006 : null,
        failed ? "Landline or unreachable carrier" : null,
        at.minusSeconds(5),
        status == MessageStatus.SENT
            ? at
            : status == MessageStatus.DELIVERED ? at.minusSeconds(2) : null,
        status == MessageStatus.DELIVERED ? at : null,
        failed ? at : null);
  }

  /** The same event with another Twilio error. */
  public static OutboundMessageEvent withError(
      OutboundMessageEvent e, int errorCode, String errorMessage) {
    return new OutboundMessageEvent(
        e.eventId(),
        e.type(),
        e.occurredAt(),
        e.schemaVersion(),
        e.messageId(),
        e.contactId(),
        e.messageSid(),
        e.to(),
        e.from(),
        e.body(),
        e.status(),
        e.segments(),
        e.encoding(),
        errorCode,
        errorMessage,
        e.createdAt(),
        e.sentAt(),
        e.deliveredAt(),
        e.failedAt());
  }

  public static String json(Object event) {
    try {
      return EventJson.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void publish(InboundMessageReceivedEvent event) {
    send(Topics.INBOUND, event.from(), json(event));
  }

  public static void publish(OutboundMessageEvent event) {
    send(Topics.OUTBOUND, event.to(), json(event));
  }

  /** Publishes and waits for the broker's acknowledgement. */
  public static RecordMetadata send(String topic, String key, String value) {
    return TestKafka.send(topic, key, value);
  }

  public static Future<RecordMetadata> sendAsync(String topic, String key, String value) {
    return TestKafka.sendAsync(topic, key, value);
  }

  /**
   * The records of {@code topic} that match, read from its start to its end as it is now: no
   * waiting for records that may never come, so asserting "none" is quick and still exact.
   */
  public static List<ConsumerRecord<String, String>> readToEnd(
      String topic, Predicate<ConsumerRecord<String, String>> filter) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
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
