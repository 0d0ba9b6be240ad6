package com.example.crm.sms.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/** The one JSON mapping of the contract, shared by the Kafka (de)serialisers and the tests. */
public final class EventJson {

  private static final ObjectMapper MAPPER = configure(new ObjectMapper());

  private EventJson() {}

  /** The mapper consumers use: tolerant of fields added by a newer producer of the same topic. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A mapper that rejects unknown fields: the contract test uses it so renames break a build. */
  public static ObjectMapper strictMapper() {
    return configure(new ObjectMapper())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .registerModule(new JavaTimeModule())
        .registerModule(new BlackbirdModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
