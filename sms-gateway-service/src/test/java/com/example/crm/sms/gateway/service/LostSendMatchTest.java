package com.example.crm.sms.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.gateway.client.SentMessage;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LostSendMatchTest {

  private static final Instant STARTED = Instant.parse("2026-12-01T12:00:00Z");
  private static final String OURS = "+15005550006";

  /** The carrier's messages to the number: SID, from, Messaging Service, body, seconds after. */
  private static final List<SentMessage> SENT =
      List.of(
          sent("SMother", OURS, null, "Another text", 1),
          sent("SMnear", OURS, null, "Hi", 2),
          sent("SMlater", OURS, null, "Hi", 600),
          sent("SMforeign", "+15005550007", null, "Hi", 0),
          sent("SMservice", null, "MG1", "Via the service", 3));

  private static SentMessage sent(String sid, String from, String ms, String body, long after) {
    return new SentMessage(
        sid, "+12394260000", from, ms, body, "delivered", null, null, STARTED.plusSeconds(after));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "NONE",
      value = {
        "the same body from our number; of two the one nearest the send,+15005550006,NONE,Hi,NONE,SMnear",
        "a SID another text of ours holds is not taken,+15005550006,NONE,Hi,SMnear,SMlater",
        "another body is not our text,+15005550006,NONE,Hello,NONE,NONE",
        "the same body from another sender is not ours,+15005550008,NONE,Hi,NONE,NONE",
        "sent through our Messaging Service,NONE,MG1,Via the service,NONE,SMservice",
        "another Messaging Service,NONE,MG2,Via the service,NONE,NONE",
      })
  void findsTheCarriersMessageThatIsOurLostSend(
      String why, String from, String service, String body, String known, String expected) {
    Set<String> knownSids = known == null ? Set.of() : Set.copyOf(Arrays.asList(known));
    assertEquals(
        expected,
        LostSendMatch.find(from, service, body, STARTED, SENT, knownSids)
            .map(SentMessage::messageSid)
            .orElse(null),
        why);
  }
}
