package com.example.crm.sms.ingest.service;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import java.time.Instant;

/** Turns Twilio's status callback into a {@link MessageStatusReportedEvent}. */
public final class StatusCallbackMapper {

  private final PhoneNumbers phones;

  public StatusCallbackMapper(PhoneNumbers phones) {
    this.phones = phones;
  }

  /**
   * @throws ProblemException 400 naming a missing parameter, an unknown MessageStatus or a
   *     non-numeric ErrorCode
   */
  public MessageStatusReportedEvent toEvent(
      WebhookForm form, String idempotencyToken, Instant receivedAt) {
    String messageSid = form.required("MessageSid");
    String wireStatus = form.required("MessageStatus");
    MessageStatus status =
        MessageStatus.fromWire(wireStatus)
            // UNKNOWN is the gateway's own state for a send it lost track of, never Twilio's.
            .filter(s -> s != MessageStatus.UNKNOWN)
            .orElseThrow(
                () ->
                    ProblemException.badRequest(
                        "MessageStatus", "Unknown MessageStatus '" + wireStatus.strip() + "'"));
    return new MessageStatusReportedEvent(
        EventIds.forWebhook(MessageStatusReportedEvent.TYPE, idempotencyToken),
        MessageStatusReportedEvent.TYPE,
        receivedAt,
        MessageStatusReportedEvent.SCHEMA_VERSION,
        messageSid,
        form.optional("AccountSid"),
        status,
        form.optionalInt("ErrorCode"),
        form.optional("ErrorMessage"),
        form.optional("RawDlrDoneDate"),
        e164OrRaw(form.optional("From")),
        e164OrRaw(form.optional("To")),
        idempotencyToken);
  }

  private String e164OrRaw(String raw) {
    return raw == null ? null : phones.toE164(raw).orElse(raw.strip());
  }
}
