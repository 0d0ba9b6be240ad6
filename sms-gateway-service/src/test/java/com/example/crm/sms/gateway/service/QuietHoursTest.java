package com.example.crm.sms.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a campaign or scheduled text may go: the window (08:00-21:00 unless a row says otherwise) in
 * every zone of the recipient, across DST changes and at the window's edges.
 */
class QuietHoursTest {

  private static final QuietHours DAY =
      new QuietHours(true, LocalTime.of(8, 0), LocalTime.of(21, 0));
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final ZoneId VLADIVOSTOK = ZoneId.of("Asia/Vladivostok");

  static Stream<Arguments> rows() {
    return Stream.of(
        row(
            "inside the window: goes now",
            DAY,
            List.of(NEW_YORK),
            "2026-12-02T15:00:00Z",
            "2026-12-02T15:00:00Z"),
        row(
            "a second before 08:00: held until 08:00",
            DAY,
            List.of(NEW_YORK),
            "2026-12-02T12:59:59Z",
            "2026-12-02T13:00:00Z"),
        row(
            "08:00 sharp: the start is inside",
            DAY,
            List.of(NEW_YORK),
            "2026-12-02T13:00:00Z",
            "2026-12-02T13:00:00Z"),
        row(
            "20:59:59: still inside",
            DAY,
            List.of(NEW_YORK),
            "2026-12-03T01:59:59Z",
            "2026-12-03T01:59:59Z"),
        row(
            "21:00 sharp: the end is outside, held until 08:00 next day",
            DAY,
            List.of(NEW_YORK),
            "2026-12-03T02:00:00Z",
            "2026-12-03T13:00:00Z"),
        row(
            "night before DST starts (New York): 08:00 EDT, an hour earlier in UTC",
            DAY,
            List.of(NEW_YORK),
            "2026-03-08T06:00:00Z",
            "2026-03-08T12:00:00Z"),
        row(
            "night DST ends (New York, 01:30 EDT): 08:00 EST",
            DAY,
            List.of(NEW_YORK),
            "2026-11-01T05:30:00Z",
            "2026-11-01T13:00:00Z"),
        row(
            "night DST starts (London): 08:00 BST",
            DAY,
            List.of(LONDON),
            "2026-03-29T00:30:00Z",
            "2026-03-29T07:00:00Z"),
        row(
            "two zones, one still before 08:00: held until it opens there",
            DAY,
            List.of(NEW_YORK, LOS_ANGELES),
            "2026-12-02T14:00:00Z",
            "2026-12-02T16:00:00Z"),
        row(
            "two zones, one after 21:00: held until the window holds in both",
            DAY,
            List.of(NEW_YORK, LOS_ANGELES),
            "2026-12-03T04:30:00Z",
            "2026-12-03T16:00:00Z"),
        row(
            "Russia from Moscow to Vladivostok: the few hours the window holds in both",
            DAY,
            List.of(MOSCOW, VLADIVOSTOK),
            "2026-12-02T12:00:00Z",
            "2026-12-03T05:00:00Z"),
        row(
            "Russia, inside in both: goes now",
            DAY,
            List.of(MOSCOW, VLADIVOSTOK),
            "2026-12-03T05:30:00Z",
            "2026-12-03T05:30:00Z"),
        row(
            "quiet hours off: goes now",
            new QuietHours(false, LocalTime.of(8, 0), LocalTime.of(21, 0)),
            List.of(NEW_YORK),
            "2026-12-02T06:00:00Z",
            "2026-12-02T06:00:00Z"),
        row(
            "no zone known: goes now",
            DAY,
            List.of(),
            "2026-12-02T06:00:00Z",
            "2026-12-02T06:00:00Z"),
        row(
            "a window across midnight (22:00-06:00) at noon: held until 22:00",
            new QuietHours(true, LocalTime.of(22, 0), LocalTime.of(6, 0)),
            List.of(NEW_YORK),
            "2026-12-02T17:00:00Z",
            "2026-12-03T03:00:00Z"),
        row(
            "a window across midnight at 02:00: inside",
            new QuietHours(true, LocalTime.of(22, 0), LocalTime.of(6, 0)),
            List.of(NEW_YORK),
            "2026-12-02T07:00:00Z",
            "2026-12-02T07:00:00Z"),
        row(
            "a start in the DST gap (02:30 on the night clocks skip it): 03:30 EDT",
            new QuietHours(true, LocalTime.of(2, 30), LocalTime.of(21, 0)),
            List.of(NEW_YORK),
            "2026-03-08T06:00:00Z",
            "2026-03-08T07:30:00Z"));
  }

  private static Arguments row(
      String name, QuietHours window, List<ZoneId> zones, String now, String releaseAt) {
    return Arguments.of(name, window, zones, Instant.parse(now), Instant.parse(releaseAt));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aTextGoesWhenTheWindowHoldsInEveryZoneOfItsRecipient(
      String name, QuietHours window, List<ZoneId> zones, Instant now, Instant releaseAt) {
    assertEquals(releaseAt, window.releaseAt(zones, now), name);
  }
}
