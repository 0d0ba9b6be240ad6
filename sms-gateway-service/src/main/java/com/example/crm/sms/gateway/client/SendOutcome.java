package com.example.crm.sms.gateway.client;

/** What a send attempt came to, as far as the gateway can know. */
public sealed interface SendOutcome {

  /** The carrier took the message and gave it a SID; {@code status} is its wire status. */
  record Accepted(String messageSid, String status, Integer errorCode, String errorMessage)
      implements SendOutcome {}

  /** The carrier refused the message (4xx): it was not sent and must not be retried. */
  record Rejected(Integer errorCode, String errorMessage) implements SendOutcome {}

  /** Not sent, safe to try again later: 429 / 20429 or a refused connection. */
  record Retryable(String reason) implements SendOutcome {}

  /** The request may have reached the carrier (timeout, 5xx): never re-sent blindly. */
  record Unknown(String reason) implements SendOutcome {}
}
