package com.example.crm.sms.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.gateway.service.CampaignLifecycle.Action;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every state and action of a campaign, and where each leads (empty: 409). */
class CampaignLifecycleTest {

  private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
  private static final Instant AHEAD = NOW.plusSeconds(3600);
  private static final Instant PAST = NOW.minusSeconds(60);

  static Stream<Arguments> moves() {
    return Stream.of(
        Arguments.of("draft", Action.START, null, "sending"),
        Arguments.of("draft", Action.START, AHEAD, "scheduled"),
        Arguments.of("draft", Action.START, PAST, "sending"),
        Arguments.of("draft", Action.PAUSE, null, null),
        Arguments.of("draft", Action.RESUME, null, null),
        Arguments.of("draft", Action.CANCEL, null, "canceled"),
        Arguments.of("scheduled", Action.START, AHEAD, null),
        Arguments.of("scheduled", Action.PAUSE, AHEAD, "paused"),
        Arguments.of("scheduled", Action.RESUME, AHEAD, null),
        Arguments.of("scheduled", Action.CANCEL, AHEAD, "canceled"),
        Arguments.of("sending", Action.START, null, null),
        Arguments.of("sending", Action.PAUSE, null, "paused"),
        Arguments.of("sending", Action.RESUME, null, null),
        Arguments.of("sending", Action.CANCEL, null, "canceled"),
        Arguments.of("paused", Action.START, null, null),
        Arguments.of("paused", Action.PAUSE, null, null),
        Arguments.of("paused", Action.RESUME, null, "sending"),
        Arguments.of("paused", Action.RESUME, AHEAD, "scheduled"),
        Arguments.of("paused", Action.CANCEL, null, "canceled"),
        Arguments.of("completed", Action.START, null, null),
        Arguments.of("completed", Action.PAUSE, null, null),
        Arguments.of("completed", Action.RESUME, null, null),
        Arguments.of("completed", Action.CANCEL, null, null),
        Arguments.of("canceled", Action.START, null, null),
        Arguments.of("canceled", Action.PAUSE, null, null),
        Arguments.of("canceled", Action.RESUME, null, null),
        Arguments.of("canceled", Action.CANCEL, null, null));
  }

  @ParameterizedTest(name = "{0} + {1} (sendAt {2}) -> {3}")
  @MethodSource("moves")
  void eachActionMovesOnlyFromTheStatesThatAllowIt(
      String status, Action action, Instant sendAt, String expected) {
    assertEquals(
        Optional.ofNullable(expected), CampaignLifecycle.next(status, action, sendAt, NOW));
  }

  @ParameterizedTest(name = "{0} takes recipients: {1}")
  @MethodSource("acceptsRecipients")
  void recipientsAreAddedOnlyBeforeTheCampaignSends(String status, boolean accepts) {
    assertEquals(accepts, CampaignLifecycle.acceptsRecipients(status));
  }

  static Stream<Arguments> acceptsRecipients() {
    return Stream.of(
        Arguments.of("draft", true),
        Arguments.of("scheduled", true),
        Arguments.of("sending", false),
        Arguments.of("paused", false),
        Arguments.of("completed", false),
        Arguments.of("canceled", false));
  }
}
