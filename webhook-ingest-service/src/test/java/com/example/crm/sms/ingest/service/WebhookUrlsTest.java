package com.example.crm.sms.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookUrlsTest {

  @ParameterizedTest(name = "{0} + {1} ? {2} = {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "https://sms.example.com, /twilio/messages, null, https://sms.example.com/twilio/messages",
        "https://sms.example.com/, /twilio/messages, '', https://sms.example.com/twilio/messages",
        "https://sms.example.com, /twilio/status, a=1&b=%20, https://sms.example.com/twilio/status?a=1&b=%20",
        "https://example.com/ingest, /twilio/status, null, https://example.com/ingest/twilio/status",
        "http://localhost:8083, /twilio/messages, null, http://localhost:8083/twilio/messages"
      })
  void publicUrlPlusPathAndRawQuery(String base, String path, String query, String expected) {
    assertEquals(expected, WebhookUrls.fromPublicUrl(base, path, query));
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "https, sms.example.com, null, null, https://sms.example.com/twilio/messages?x=1",
        "https, sms.example.com, 443, null, https://sms.example.com/twilio/messages?x=1",
        "https, sms.example.com, 8443, null, https://sms.example.com:8443/twilio/messages?x=1",
        "http, 'sms.example.com:8080', 8080, null, http://sms.example.com:8080/twilio/messages?x=1",
        "'https, http', 'a.example, b.example', null, /in, https://a.example/in/twilio/messages?x=1",
        "null, null, null, null, https://fallback.example/twilio/messages?x=1"
      })
  void forwardedHeadersRebuildTheUrl(
      String proto, String host, String port, String prefix, String expected) {
    assertEquals(
        expected,
        WebhookUrls.fromForwardedHeaders(
            "https://fallback.example", proto, host, port, prefix, "/twilio/messages", "x=1"));
  }
}
