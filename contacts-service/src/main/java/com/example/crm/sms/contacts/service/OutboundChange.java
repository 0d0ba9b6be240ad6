package com.example.crm.sms.contacts.service;

import com.example.crm.sms.contacts.repository.NewActivity;
import com.example.crm.sms.contacts.repository.OutboundTraffic;
import java.time.Instant;
import java.util.UUID;

/**
 * A change of a text we sent, ready to store.
 *
 * @param toE164 the recipient, when it is a valid number
 * @param contactedAt the send time last_contacted_at moves to; null for none
 * @param optedOut whether the failure says the recipient opted out (21610)
 * @param failurePrefix "Failed (code): " for a failure, else ""
 */
public record OutboundChange(
    UUID contactId,
    String toE164,
    Instant contactedAt,
    boolean optedOut,
    NewActivity activity,
    String failurePrefix) {

  /** Names the event in logs (never its body). */
  public String describe() {
    return "outbound message "
        + (activity.messageId() != null ? activity.messageId() : activity.messageSid())
        + " "
        + activity.status();
  }

  /** What it writes, as the batch statement takes it. */
  OutboundTraffic traffic() {
    return new OutboundTraffic(contactId, toE164, contactedAt, optedOut, activity);
  }
}
