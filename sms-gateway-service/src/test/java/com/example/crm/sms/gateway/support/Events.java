package com.example.crm.sms.gateway.support;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.testsupport.TestKafka;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Publishes what the ingest service would, over the real broker. */
public final class Events {

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
    TestKafka.send(Topics.STATUS, sid, json(e));
  }

  public static void inbound(String sid, String from, String body, KeywordKind keyword) {
    InboundMessageReceivedEvent e =
        new InboundMessageReceivedEvent(
            UUID.randomUUID(),
            InboundMessageReceivedEvent.TYPE,
            Instant.now(),
            InboundMessageReceivedEvent.SCHEMA_VERSION,
            sid,
            FakeTwilio.ACCOUNT_SID,
            null,
            from,
            from,
            FakeTwilio.FROM,
            FakeTwilio.FROM,
            body,
            1,
            List.of(),
            keyword,
            null,
            "US",
            null,
            null,
            null,
            "US",
            null,
            Map.of());
    TestKafka.send(Topics.INBOUND, from, json(e));
  }

  public static String sid() {
    return "SM" + UUID.randomUUID().toString().replace("-", "");
  }

  private static String json(Object event) {
    try {
      return EventJson.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
