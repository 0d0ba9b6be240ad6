package com.example.crm.sms.events.kafka;

import com.example.crm.sms.events.EventJson;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one event type from JSON. Subclassed per type so the Kafka connector can instantiate it by
 * class name.
 */
public abstract class EventDeserializer<T> implements Deserializer<T> {

  private final Class<T> type;

  protected EventDeserializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return EventJson.mapper().readValue(data, type);
    } catch (IOException e) {
      throw new SerializationException(
          "record on " + topic + " is not a readable " + type.getSimpleName(), e);
    }
  }
}
