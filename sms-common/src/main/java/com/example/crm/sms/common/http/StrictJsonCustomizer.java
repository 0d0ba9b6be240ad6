package com.example.crm.sms.common.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Every service's REST API reads JSON strictly, so that a client's mistake is an answer naming the
 * field rather than a guess that gets stored: a number or boolean where text belongs is not turned
 * into text, an unknown member (a typo, or one the API does not take such as {@code id}) is not
 * ignored, and a member given twice or anything after the object makes the body invalid. Events are
 * read by their own, tolerant mapper (sms-events {@code EventJson}).
 */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

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

  /** After Quarkus's own customizer, which applies quarkus.jackson.* (unknown members allowed). */
  @Override
  public int priority() {
    return MINIMUM_PRIORITY;
  }
}
