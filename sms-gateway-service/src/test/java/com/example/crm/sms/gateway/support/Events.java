package com.example.crm.sms.gateway.support;

import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.events.samples.SampleEvents;
import com.example.crm.sms.testsupport.TestKafka;
import java.time.Instant;
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
    TestKafka.sendEvent(Topics.STATUS, sid, e);
  }

  public static void inbound(String sid, String from, String body, KeywordKind keyword) {
    TestKafka.sendEvent(
        Topics.INBOUND,
        from,
        SampleEvents.inbound(sid, from, FakeTwilio.FROM, body, keyword, Instant.now()));
  }

  public static String sid() {
    return SampleEvents.newSid();
  }
}
