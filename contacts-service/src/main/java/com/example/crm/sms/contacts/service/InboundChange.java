package com.example.crm.sms.contacts.service;

import com.example.crm.sms.contacts.repository.InboundTraffic;
import com.example.crm.sms.contacts.repository.NewActivity;
import java.time.Instant;

/**
 * A text from a contact, ready to store.
 *
 * @param optedOut true for an opt-out keyword, false for opt-in, null for neither
 * @param keyword the keyword's activity; null when optedOut is null
 */
public record InboundChange(
    String phoneE164,
    Instant occurredAt,
    Boolean optedOut,
    NewActivity received,
    NewActivity keyword) {

  /** Names the event in logs (never its body). */
  public String describe() {
    return "inbound message " + received.messageSid();
  }

  /** What it writes, as the batch statement takes it. */
  InboundTraffic traffic() {
    return new InboundTraffic(phoneE164, occurredAt, optedOut, received, keyword);
  }
}
