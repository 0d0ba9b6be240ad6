package com.example.crm.sms.contacts.repository;

import java.time.Instant;
import java.util.UUID;

/** An activity an SMS event records; fields that do not apply are null. */
public record NewActivity(
    String kind,
    String summary,
    String messageSid,
    UUID messageId,
    String status,
    Integer errorCode,
    String errorMessage,
    Instant occurredAt,
    String dedupeKey) {

  /** An activity of an inbound text: status received, no message id and no error. */
  public static NewActivity ofInbound(
      String kind, String summary, String messageSid, Instant at, String dedupeKey) {
    return new NewActivity(kind, summary, messageSid, null, "received", null, null, at, dedupeKey);
  }
}
