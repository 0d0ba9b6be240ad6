package com.example.crm.sms.gateway.support;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.events.samples.SampleEvents;
import com.example.crm.sms.testsupport.TestKafka;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

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
}
