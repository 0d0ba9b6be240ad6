package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.gateway.repository.MessageEntity;
import java.time.Instant;

/** Applies a reported status to a message, forward only (rule 4, docs/architecture.md). */
public final class StatusTransitions {

  private StatusTransitions() {}

  /** Moves the message to {@code next} when the rank allows; true when it changed. */
  public static boolean apply(
      MessageEntity m, MessageStatus next, Integer errorCode, String errorMessage, Instant now) {
    if (!StatusRank.canMove(m.status, next)) {
      return false;
    }
    m.status = next;
    m.outcomeUnknown = false;
    switch (next) {
      case SENT -> m.sentAt = m.sentAt == null ? now : m.sentAt;
      case DELIVERED -> {
        m.deliveredAt = now;
        m.sentAt = m.sentAt == null ? now : m.sentAt;
      }
      case UNDELIVERED, FAILED, CANCELED -> {
        m.failedAt = now;
        m.errorCode = errorCode != null ? errorCode : m.errorCode;
        m.errorMessage =
            errorMessage != null
                ? errorMessage
                : errorCode != null ? describe(errorCode) : m.errorMessage;
      }
      default -> {
        // sending, read, partially delivered: the status alone says it.
      }
    }
    return true;
  }

  /** Twilio's wording of the delivery errors its callbacks carry only as a code. */
  static String describe(int errorCode) {
    return switch (errorCode) {
      case 30003 -> "Unreachable destination handset";
      case 30004 -> "Message blocked";
      case 30005 -> "Unknown destination handset";
      case 30006 -> "Landline or unreachable carrier";
      case 30007 -> "Message filtered by the carrier";
      case 30008 -> "Unknown error";
      case 21610 -> "Attempt to send to unsubscribed recipient";
      default -> "Twilio error " + errorCode;
    };
  }
}
