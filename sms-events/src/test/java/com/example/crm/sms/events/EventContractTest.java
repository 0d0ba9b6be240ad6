package com.example.crm.sms.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.kafka.EventSerializer;
import com.example.crm.sms.events.kafka.InboundMessageReceivedEventDeserializer;
import com.example.crm.sms.events.kafka.MessageStatusReportedEventDeserializer;
import com.example.crm.sms.events.kafka.OptOutChangedEventDeserializer;
import com.example.crm.sms.events.kafka.OutboundMessageEventDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round-trips the JSON sample of every event: a renamed, removed or retyped field fails here, not
 * in a consumer in production.
 */
class EventContractTest {

  private static final ObjectMapper STRICT = EventJson.strictMapper();

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of(
            "inbound-message-received.json",
            InboundMessageReceivedEvent.class,
            InboundMessageReceivedEvent.TYPE,
            new InboundMessageReceivedEventDeserializer()),
        Arguments.of(
            "message-status-reported.json",
            MessageStatusReportedEvent.class,
            MessageStatusReportedEvent.TYPE,
            new MessageStatusReportedEventDeserializer()),
        Arguments.of(
            "outbound-message.json",
            OutboundMessageEvent.class,
            OutboundMessageEvent.TYPE,
            new OutboundMessageEventDeserializer()),
        Arguments.of(
            "opt-out-changed.json",
            OptOutChangedEvent.class,
            OptOutChangedEvent.TYPE,
            new OptOutChangedEventDeserializer()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleRoundTripsThroughTheKafkaSerdes(
      String sample, Class<? extends SmsEvent> type, String eventType, Deserializer<?> deserializer)
      throws IOException {
    JsonNode expected = read(sample);

    SmsEvent event = (SmsEvent) deserializer.deserialize("t", STRICT.writeValueAsBytes(expected));
    byte[] written = new EventSerializer<>().serialize("t", event);

    assertEquals(expected, STRICT.readTree(written), "sample and re-serialised event differ");
    assertEquals(eventType, event.type());
    assertEquals(1, event.schemaVersion());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleNamesEveryFieldOfTheRecord(String sample, Class<? extends SmsEvent> type)
      throws IOException {
    Set<String> fields = new TreeSet<>();
    read(sample).fieldNames().forEachRemaining(fields::add);
    Set<String> components =
        Arrays.stream(type.getRecordComponents())
            .map(RecordComponent::getName)
            .collect(Collectors.toCollection(TreeSet::new));

    assertEquals(components, fields);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void renamedFieldIsRejectedByTheContractMapper(String sample, Class<? extends SmsEvent> type)
      throws IOException {
    ObjectNode renamed = (ObjectNode) read(sample);
    renamed.set("event_id", renamed.remove("eventId"));

    assertThrows(IOException.class, () -> STRICT.treeToValue(renamed, type));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void unreadableRecordIsASerializationException(
      String sample,
      Class<? extends SmsEvent> type,
      String eventType,
      Deserializer<?> deserializer) {
    assertThrows(
        SerializationException.class, () -> deserializer.deserialize("t", "{not json".getBytes()));
  }

  @org.junit.jupiter.api.Test
  void everyTwilioStatusParsesAndUnknownOnesDoNot() {
    for (String s :
        new String[] {
          "accepted",
          "scheduled",
          "queued",
          "sending",
          "sent",
          "delivered",
          "undelivered",
          "failed",
          "read",
          "canceled",
          "partially_delivered",
          "receiving",
          "received"
        }) {
      assertTrue(MessageStatus.fromWire(s).isPresent(), s);
      assertEquals(s, MessageStatus.fromWire(s).get().wireValue());
    }
    assertFalse(MessageStatus.fromWire("teleported").isPresent());
  }

  @org.junit.jupiter.api.Test
  void everyTopicIsVersionedAndHasADeadLetterTopic() {
    for (String topic : new String[] {Topics.INBOUND, Topics.STATUS, Topics.OUTBOUND}) {
      assertTrue(topic.endsWith(".v1"), topic);
      assertTrue(Topics.ALL.contains(Topics.dlq(topic)), topic);
    }
  }

  private static JsonNode read(String sample) {
    try (InputStream in = EventContractTest.class.getResourceAsStream("/samples/" + sample)) {
      return STRICT.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
