package com.example.crm.sms.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.events.MessageStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusRankTest {

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource({
    "QUEUED, SENDING, true",
    "QUEUED, SENT, true",
    "QUEUED, DELIVERED, true",
    "ACCEPTED, SENDING, true",
    "QUEUED, ACCEPTED, false",
    "SENDING, SENT, true",
    "SENT, SENDING, false",
    "SENT, DELIVERED, true",
    "SENT, UNDELIVERED, true",
    "SENT, FAILED, true",
    "DELIVERED, SENT, false",
    "DELIVERED, SENDING, false",
    "DELIVERED, QUEUED, false",
    "DELIVERED, UNDELIVERED, false",
    "DELIVERED, FAILED, false",
    "DELIVERED, DELIVERED, false",
    "DELIVERED, READ, true",
    "UNDELIVERED, DELIVERED, false",
    "UNDELIVERED, READ, false",
    "FAILED, SENT, false",
    "FAILED, DELIVERED, false",
    "READ, DELIVERED, false",
    "UNKNOWN, SENT, true",
    "UNKNOWN, FAILED, true",
    "QUEUED, RECEIVED, false",
    "SENT, PARTIALLY_DELIVERED, true",
    "PARTIALLY_DELIVERED, DELIVERED, true"
  })
  void statusOnlyMovesForward(MessageStatus from, MessageStatus to, boolean allowed) {
    assertEquals(allowed, StatusRank.canMove(from, to));
  }
}
