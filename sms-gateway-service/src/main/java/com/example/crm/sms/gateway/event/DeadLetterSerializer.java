package com.example.crm.sms.gateway.event;

import com.example.crm.sms.events.kafka.EventSerializer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Value serializer of the dead-letter topics: an event that could not be applied is written as its
 * JSON; raw bytes (a record that was not readable) are passed through unchanged.
 */
public class DeadLetterSerializer implements Serializer<Object> {

  private final EventSerializer<Object> events = new EventSerializer<>();

  @Override
  public byte[] serialize(String topic, Object data) {
    if (data instanceof byte[] bytes) {
      return bytes;
    }
    if (data instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    return events.serialize(topic, data);
  }
}
