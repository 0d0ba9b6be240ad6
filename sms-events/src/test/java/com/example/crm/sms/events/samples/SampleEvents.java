package com.example.crm.sms.events.samples;

import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events as a peer service publishes them, for the consumers' tests (shipped in the test-jar). */
public final class SampleEvents {

  public static final String ACCOUNT_SID = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";

  private SampleEvents() {}

  /** A Twilio-shaped MessageSid no other test uses. */
  public static String newSid() {
    return "SM" + UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * A plain US text from {@code from} to {@code to}, both E.164, as the ingest service sends it.
   */
  public static InboundMessageReceivedEvent inbound(
      String sid, String from, String to, String body, KeywordKind keyword, Instant occurredAt) {
    return new InboundMessageReceivedEvent(
        UUID.randomUUID(),
        InboundMessageReceivedEvent.TYPE,
        occurredAt,
        InboundMessageReceivedEvent.SCHEMA_VERSION,
        sid,
        ACCOUNT_SID,
        null,
        from,
        from,
        to,
        to,
        body,
        false,
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
  }
}
