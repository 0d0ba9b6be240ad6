package com.example.crm.sms.gateway.client;

import io.smallrye.mutiny.Uni;

/**
 * Sends a text through the carrier. Implementations never fail the Uni for a carrier answer: they
 * classify it as a {@link SendOutcome}, which decides between done, failed, retry and unknown.
 */
public interface CarrierClient {

  /** The carrier's name for logs and the README: "twilio" or "simulated". */
  String name();

  Uni<SendOutcome> send(OutgoingSms sms);

  /** The carrier's current view of a message, used to reconcile an unknown outcome. */
  Uni<SendOutcome> fetch(String messageSid);

  /**
   * One text to send.
   *
   * @param from sender E.164, or null to send through {@code messagingServiceSid}
   */
  record OutgoingSms(String to, String from, String messagingServiceSid, String body) {}
}
