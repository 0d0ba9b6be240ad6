package com.example.crm.sms.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InboundMessageMapperTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "MediaUrl0, true",
    "MediaUrl10, true",
    "MediaContentType3, true",
    "MediaUrl, false",
    "MediaContentType, false",
    "MediaUrlX, false",
    "MediaUrl1a, false",
    "MediaUrl١, false",
    "NumMedia, false",
    "Body, false",
  })
  void mediaParametersAreRecognisedByName(String name, boolean media) {
    assertEquals(media, InboundMessageMapper.isMediaParam(name));
  }
}
