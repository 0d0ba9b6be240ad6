package com.example.crm.sms.gateway.client;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;

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
   * The messages the carrier sent to {@code to} (from {@code from}, when not null) since {@code
   * since}, newest first, at most one page: where a send whose answer was lost is looked for. Fails
   * the Uni when the carrier cannot be asked, so nothing is concluded from a failed lookup.
   */
  Uni<List<SentMessage>> sentTo(String to, String from, Instant since);

  /**
   * One text to send.
   *
   * @param from sender E.164, or null to send through {@code messagingServiceSid}
   */
  record OutgoingSms(String to, String from, String messagingServiceSid, String body) {}
}
