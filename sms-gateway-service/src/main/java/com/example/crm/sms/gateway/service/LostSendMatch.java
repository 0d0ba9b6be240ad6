package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.client.SentMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of the carrier's messages to a number is the text whose send answer we lost (rule 6): the
 * same body, from the same sender number (or the same Messaging Service), not a message another row
 * of ours already holds; of several, the one created nearest to when our send started.
 */
final class LostSendMatch {

  private LostSendMatch() {}

  /**
   * @param from our sender number, or null when sent through {@code messagingServiceSid}
   * @param startedAt when our send started (or the text was queued)
   * @param knownSids the SIDs among {@code sent} that rows of ours already hold
   */
  static Optional<SentMessage> find(
      String from,
      String messagingServiceSid,
      String body,
      Instant startedAt,
      List<SentMessage> sent,
      Set<String> knownSids) {
    return sent.stream()
        .filter(s -> s.messageSid() != null && !knownSids.contains(s.messageSid()))
        .filter(s -> body.equals(s.body()))
        .filter(
            s ->
                from != null
                    ? from.equals(s.from())
                    : messagingServiceSid != null
                        && messagingServiceSid.equals(s.messagingServiceSid()))
        .min(
            Comparator.comparing(
                s ->
                    s.createdAt() == null
                        ? Duration.ofDays(365)
                        : Duration.between(startedAt, s.createdAt()).abs()));
  }
}
