package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.MessageStatus;

/**
 * Rule 4 (docs/architecture.md): queued/accepted &lt; sending &lt; sent &lt; delivered |
 * undelivered | failed (terminal) &lt; read. Callbacks arrive out of order, so a status only ever
 * moves up; a terminal status sticks, except that a delivered text may still be read.
 */
public final class StatusRank {

  private StatusRank() {}

  public static int rank(MessageStatus status) {
    return switch (status) {
      case ACCEPTED, SCHEDULED, QUEUED, UNKNOWN -> 0;
      case SENDING -> 1;
      case SENT -> 2;
      case PARTIALLY_DELIVERED -> 3;
      case DELIVERED, UNDELIVERED, FAILED, CANCELED -> 4;
      case READ -> 5;
      // Inbound-only statuses never apply to an outbound message.
      case RECEIVING, RECEIVED -> -1;
    };
  }

  public static boolean isTerminal(MessageStatus status) {
    return rank(status) >= 4;
  }

  /** Whether a message in {@code current} may move to {@code next}. */
  public static boolean canMove(MessageStatus current, MessageStatus next) {
    if (rank(next) < 0 || current == next) {
      return false;
    }
    if (isTerminal(current)) {
      return current == MessageStatus.DELIVERED && next == MessageStatus.READ;
    }
    return rank(next) > rank(current);
  }
}
