package com.example.crm.sms.events.kafka;

import com.example.crm.sms.events.EventJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any event of the contract as JSON. */
public class EventSerializer<T> implements Serializer<T> {

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return EventJson.mapper().writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new SerializationException("cannot write event for topic " + topic, e);
    }
  }
}
