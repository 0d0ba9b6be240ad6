package com.example.crm.sms.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.gateway.client.SendOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a send can end, and the row change each one makes (rule 6, docs/architecture.md). */
class MessageLifecycleTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final int MAX_ATTEMPTS = 10;

  /** 2 s doubling up to 5 min, without jitter so the retry instant is exact. */
  private static final MessageLifecycle LIFECYCLE =
      new MessageLifecycle(
          MAX_ATTEMPTS, new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), () -> 0.0));

  private static final String SID = "SM" + "a".repeat(32);

  static Stream<Arguments> sendOutcomes() {
    return Stream.of(
        Arguments.of(
            "accepted: SID and Twilio's status stored, error cleared, claim ended",
            1,
            new SendOutcome.Accepted(SID, "queued", null, null),
            new RowChange(MessageStatus.QUEUED, SID, null, null, true, null, false)),
        Arguments.of(
            "accepted with a status the gateway does not know: SID stored, status kept",
            1,
            new SendOutcome.Accepted(SID, "brand-new-status", null, null),
            new RowChange(null, SID, null, null, true, null, false)),
        Arguments.of(
            "accepted already failed: Twilio's status, code and message go with it",
            1,
            new SendOutcome.Accepted(SID, "failed", 30007, "Message filtered"),
            new RowChange(MessageStatus.FAILED, SID, 30007, "Message filtered", true, null, false)),
        Arguments.of(
            "rejected 21211: failed with Twilio's code and message, never retried",
            1,
            new SendOutcome.Rejected(21211, "The 'To' number is not a valid phone number."),
            new RowChange(
                MessageStatus.FAILED,
                null,
                21211,
                "The 'To' number is not a valid phone number.",
                true,
                null,
                false)),
        Arguments.of(
            "rejected 21610: failed and the recipient opted out",
            1,
            new SendOutcome.Rejected(21610, "Attempt to send to unsubscribed recipient"),
            new RowChange(
                MessageStatus.FAILED,
                null,
                21610,
                "Attempt to send to unsubscribed recipient",
                true,
                null,
                true)),
        Arguments.of(
            "rejected without a code: failed, nobody opted out",
            1,
            new SendOutcome.Rejected(null, "Bad request"),
            new RowChange(MessageStatus.FAILED, null, null, "Bad request", true, null, false)),
        Arguments.of(
            "rejected with control characters in Twilio's message: stored cleaned",
            1,
            new SendOutcome.Rejected(21211, "bad\u0000number"),
            new RowChange(MessageStatus.FAILED, null, 21211, "badnumber", true, null, false)),
        Arguments.of(
            "429 on the first attempt: still queued, tried again after the initial backoff",
            1,
            new SendOutcome.Retryable("Twilio rate limit (429)"),
            new RowChange(
                null,
                null,
                null,
                "Attempt 1 not sent (Twilio rate limit (429)); retrying",
                true,
                NOW.plusSeconds(2),
                false)),
        Arguments.of(
            "refused connection on the third attempt: the backoff has doubled twice",
            3,
            new SendOutcome.Retryable("cannot connect to Twilio: ConnectException"),
            new RowChange(
                null,
                null,
                null,
                "Attempt 3 not sent (cannot connect to Twilio: ConnectException); retrying",
                true,
                NOW.plusSeconds(8),
                false)),
        Arguments.of(
            "retryable on attempt 9: the backoff stops at its maximum",
            9,
            new SendOutcome.Retryable("Twilio rate limit (429)"),
            new RowChange(
                null,
                null,
                null,
                "Attempt 9 not sent (Twilio rate limit (429)); retrying",
                true,
                NOW.plus(Duration.ofMinutes(5)),
                false)),
        Arguments.of(
            "retryable on the last attempt: failed, not tried again",
            MAX_ATTEMPTS,
            new SendOutcome.Retryable("Twilio rate limit (429)"),
            new RowChange(
                MessageStatus.FAILED,
                null,
                null,
                "Not sent after 10 attempts: Twilio rate limit (429)",
                true,
                null,
                false)),
        Arguments.of(
            "timeout: unknown outcome, never re-sent",
            1,
            new SendOutcome.Unknown("no answer from Twilio in time (timeout)"),
            new RowChange(
                MessageStatus.UNKNOWN,
                null,
                null,
                "Outcome unknown: no answer from Twilio in time (timeout); not re-sent"
                    + " automatically",
                true,
                null,
                false)),
        Arguments.of(
            "5xx: unknown outcome, never re-sent, even with attempts left",
            1,
            new SendOutcome.Unknown("Twilio answered 500: Internal Server Error"),
            new RowChange(
                MessageStatus.UNKNOWN,
                null,
                null,
                "Outcome unknown: Twilio answered 500: Internal Server Error; not re-sent"
                    + " automatically",
                true,
                null,
                false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sendOutcomes")
  void eachSendOutcomeBecomesItsRowChange(
      String name, int attempts, SendOutcome outcome, RowChange expected) {
    assertEquals(expected, LIFECYCLE.afterSend(attempts, outcome, NOW));
  }

  static Stream<Arguments> otherEvents() {
    return Stream.of(
        Arguments.of(
            "opted out after it was queued: failed without a send",
            LIFECYCLE.optedOutBeforeSend(),
            new RowChange(
                MessageStatus.FAILED,
                null,
                null,
                "Not sent: the recipient opted out after the text was queued",
                true,
                null,
                false)),
        Arguments.of(
            "a replica died mid-send: unknown outcome, never re-sent",
            LIFECYCLE.abandoned(),
            new RowChange(
                MessageStatus.UNKNOWN,
                null,
                null,
                "Outcome unknown: the dispatcher stopped while sending; not re-sent"
                    + " automatically",
                true,
                null,
                false)),
        Arguments.of(
            "an unknown outcome without a SID: failed, with why, for a person to decide",
            LIFECYCLE.unreconcilable("Outcome unknown: Twilio answered 500; not re-sent"),
            new RowChange(
                MessageStatus.FAILED,
                null,
                null,
                "Outcome unknown: Twilio answered 500; not re-sent; no carrier SID to reconcile,"
                    + " marked failed (check before sending again)",
                false,
                null,
                false)),
        Arguments.of(
            "an unknown outcome without a SID or a message: failed, with why",
            LIFECYCLE.unreconcilable(null),
            new RowChange(
                MessageStatus.FAILED,
                null,
                null,
                "Outcome unknown; no carrier SID to reconcile, marked failed (check before"
                    + " sending again)",
                false,
                null,
                false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherEvents")
  void eachEventWithoutACarrierAnswerBecomesItsRowChange(
      String name, RowChange actual, RowChange expected) {
    assertEquals(expected, actual);
  }
}
