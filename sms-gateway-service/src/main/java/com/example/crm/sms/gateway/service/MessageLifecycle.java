package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.TwilioErrorCodes;
import com.example.crm.sms.gateway.client.SendOutcome;
import com.example.crm.sms.gateway.repository.Columns;
import java.time.Instant;

/**
 * What each event of a send means for its row, decided without the database: the carrier's answer
 * to a send (rule 6, docs/architecture.md: a retryable failure is tried again with backoff, an
 * unknown outcome is never re-sent), an opt-out found before the send, a replica that died
 * mid-send, an unknown outcome nothing can settle.
 */
public final class MessageLifecycle {

  private final int maxAttempts;
  private final Backoff backoff;

  public MessageLifecycle(int maxAttempts, Backoff backoff) {
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
  }

  /** The carrier's answer to attempt number {@code attempts} of a send. */
  public RowChange afterSend(int attempts, SendOutcome outcome, Instant now) {
    if (outcome instanceof SendOutcome.Accepted a) {
      return new RowChange(
          MessageStatus.fromWire(a.status()).orElse(null),
          StoredValues.fitted(SafeText.cleaned(a.messageSid()), Columns.SID),
          a.errorCode(),
          SafeText.cleaned(a.errorMessage()),
          true,
          null,
          false);
    }
    if (outcome instanceof SendOutcome.Rejected r) {
      // Twilio's words, stored: cleaned by the same rule as every text we did not write.
      return new RowChange(
          MessageStatus.FAILED,
          null,
          r.errorCode(),
          SafeText.cleaned(r.errorMessage()),
          true,
          null,
          r.errorCode() != null && r.errorCode() == TwilioErrorCodes.UNSUBSCRIBED_RECIPIENT);
    }
    if (outcome instanceof SendOutcome.Retryable r) {
      if (attempts >= maxAttempts) {
        return failed("Not sent after " + attempts + " attempts: " + r.reason(), true);
      }
      return new RowChange(
          null,
          null,
          null,
          "Attempt " + attempts + " not sent (" + r.reason() + "); retrying",
          true,
          now.plus(backoff.after(attempts)),
          false);
    }
    SendOutcome.Unknown u = (SendOutcome.Unknown) outcome;
    return unknown("Outcome unknown: " + u.reason() + "; not re-sent automatically");
  }

  /** The recipient opted out after the text was queued (rule 7): it is not sent. */
  public RowChange optedOutBeforeSend() {
    return failed("Not sent: the recipient opted out after the text was queued", true);
  }

  /**
   * A campaign text whose recipient opted out after it was added (rule 7): skipped, counted as
   * skipped_opted_out, never sent.
   */
  public RowChange skippedOptedOut() {
    return new RowChange(
        MessageStatus.CANCELED,
        null,
        null,
        "Skipped: the recipient opted out (skipped_opted_out)",
        true,
        null,
        false);
  }

  /** The replica that started the send died before it knew the outcome: never re-sent. */
  public RowChange abandoned() {
    return unknown(
        "Outcome unknown: the dispatcher stopped while sending; not re-sent automatically");
  }

  /**
   * An unknown outcome without a SID: there is nothing to ask the carrier, so it is settled for
   * people to see and decide.
   */
  public RowChange unreconcilable(String errorMessage) {
    return failed(
        (errorMessage == null ? "Outcome unknown" : errorMessage)
            + "; no carrier SID to reconcile, marked failed (check before sending again)",
        false);
  }

  private static RowChange failed(String errorMessage, boolean clearClaim) {
    return new RowChange(MessageStatus.FAILED, null, null, errorMessage, clearClaim, null, false);
  }

  private static RowChange unknown(String errorMessage) {
    return new RowChange(MessageStatus.UNKNOWN, null, null, errorMessage, true, null, false);
  }
}
