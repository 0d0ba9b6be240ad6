package com.example.crm.sms.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The REST API reads JSON strictly, so a client's mistake is a 400 naming the field instead of a
 * guess: a number or boolean where text belongs is not turned into text, an unknown field (a typo
 * of "from") is not ignored, and a repeated key or trailing garbage is not a valid body. Events use
 * their own mapper (sms-events {@code EventJson}), which stays tolerant.
 */
@Singleton
public class JsonStrictnessCustomizer implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  /** After Quarkus's own customizer, which applies quarkus.jackson.* (unknown fields allowed). */
  @Override
  public int priority() {
    return MINIMUM_PRIORITY;
  }
}
