package com.example.crm.sms.gateway.support;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.events.samples.SampleEvents;
import com.example.crm.sms.testsupport.KafkaBroker;
import com.example.crm.sms.testsupport.TestKafka;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes what the ingest service would, over the real broker. */
public final class Events {

  /** In a value of {@link #inboundJson} / {@link #statusJson}: becomes the JSON escape \ud800. */
  public static final String LONE_HIGH = "@@D800@@";

  /** In a value of {@link #inboundJson} / {@link #statusJson}: becomes the JSON escape \udc00. */
  public static final String LONE_LOW = "@@DC00@@";

  private Events() {}

  public static void status(String sid, MessageStatus status, Integer errorCode) {
    MessageStatusReportedEvent e =
        new MessageStatusReportedEvent(
            UUID.randomUUID(),
            MessageStatusReportedEvent.TYPE,
            Instant.now(),
            MessageStatusReportedEvent.SCHEMA_VERSION,
            sid,
            FakeTwilio.ACCOUNT_SID,
            status,
            errorCode,
            null,
            null,
            FakeTwilio.FROM,
            null,
            null);
    TestKafka.sendEvent(Topics.STATUS, sid, e);
  }

  public static void inbound(String sid, String from, String body, KeywordKind keyword) {
    TestKafka.sendEvent(
        Topics.INBOUND,
        from,
        SampleEvents.inbound(sid, from, FakeTwilio.FROM, body, keyword, Instant.now()));
  }

  public static String sid() {
    return SampleEvents.newSid();
  }

  /**
   * The JSON of an inbound text from {@code from} with {@code fields} replaced, written by hand
   * where Jackson would not: {@link #LONE_HIGH} and {@link #LONE_LOW} become unpaired surrogate
   * escapes, as a producer in another language could send them.
   */
  public static String inboundJson(String sid, String from, Map<String, Object> fields) {
    ObjectNode node =
        EventJson.mapper()
            .valueToTree(
                SampleEvents.inbound(
                    sid, from, FakeTwilio.FROM, "Hi", KeywordKind.NONE, Instant.now()));
    return json(node, fields);
  }

  /** The JSON of a status callback of {@code sid} with {@code fields} replaced (see above). */
  public static String statusJson(String sid, MessageStatus status, Map<String, Object> fields) {
    ObjectNode node =
        EventJson.mapper()
            .valueToTree(
                new MessageStatusReportedEvent(
                    UUID.randomUUID(),
                    MessageStatusReportedEvent.TYPE,
                    Instant.now(),
                    MessageStatusReportedEvent.SCHEMA_VERSION,
                    sid,
                    FakeTwilio.ACCOUNT_SID,
                    status,
                    null,
                    null,
                    null,
                    FakeTwilio.FROM,
                    null,
                    null));
    return json(node, fields);
  }

  private static String json(ObjectNode node, Map<String, Object> fields) {
    fields.forEach((k, v) -> node.set(k, EventJson.mapper().valueToTree(v)));
    try {
      return EventJson.mapper()
          .writeValueAsString(node)
          .replace(LONE_HIGH, "\\ud800")
          .replace(LONE_LOW, "\\udc00");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Publishes raw JSON without waiting for each acknowledgement. */
  public static Future<RecordMetadata> publish(String topic, String key, String json) {
    return TestKafka.sendAsync(topic, key, json);
  }

  /**
   * Publishes the values under one key as one producer batch: the broker appends them at once to
   * one partition, so the consumer polls them together and stores them as one batch.
   */
  public static void publishTogether(String topic, String key, List<String> values) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "60000");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, "1000000");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      values.forEach(v -> producer.send(new ProducerRecord<>(topic, key, v)));
      producer.flush();
    }
  }

  /** The JSON of a status callback (as {@link #status} publishes it). */
  public static String callbackJson(String sid, MessageStatus status, Integer errorCode) {
    return errorCode == null
        ? statusJson(sid, status, Map.of())
        : statusJson(sid, status, Map.of("errorCode", errorCode));
  }

  /** The JSON of an inbound text (as {@link #inbound} publishes it). */
  public static String textJson(String sid, String from, String body, KeywordKind keyword) {
    return inboundJson(sid, from, Map.of("body", body, "keyword", keyword.name()));
  }
}
