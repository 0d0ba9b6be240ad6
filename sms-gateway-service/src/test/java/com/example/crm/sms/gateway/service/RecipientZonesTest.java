package com.example.crm.sms.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real numbers through libphonenumber's time-zone data and the 08:00-21:00 window: one zone, a +1
 * range in two zones, a Russian mobile number in every Russian zone.
 */
class RecipientZonesTest {

  private static final RecipientZones ZONES = new RecipientZones();
  private static final QuietHours DAY =
      new QuietHours(true, LocalTime.of(8, 0), LocalTime.of(21, 0));

  static Stream<Arguments> numbers() {
    return Stream.of(
        Arguments.of(
            "Naples, Florida: New York's zone, goes at 08:00 EST",
            "+12394267058",
            List.of("America/New_York"),
            "2026-12-02T12:30:00Z",
            "2026-12-02T13:00:00Z"),
        Arguments.of(
            "Idaho (208 5xx): Boise and Los Angeles, goes when 08:00 comes in Los Angeles",
            "+12085001234",
            List.of("America/Boise", "America/Los_Angeles"),
            "2026-12-02T15:30:00Z",
            "2026-12-02T16:00:00Z"),
        Arguments.of(
            "a Russian mobile: from UTC+2 to UTC+12, so only 06:00-09:00 UTC",
            "+79161234567",
            List.of("Europe/Moscow", "Asia/Vladivostok", "Asia/Kamchatka"),
            "2026-12-02T12:00:00Z",
            "2026-12-03T06:00:00Z"),
        Arguments.of(
            "a number the data does not place: goes now",
            "+80012345678",
            List.of(),
            "2026-12-02T03:00:00Z",
            "2026-12-02T03:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numbers")
  void aNumberIsHeldUntilTheWindowHoldsInEachOfItsZones(
      String name, String number, List<String> someZones, String now, String releaseAt) {
    List<ZoneId> zones = ZONES.of(number);
    assertTrue(zones.containsAll(someZones.stream().map(ZoneId::of).toList()), name + ": " + zones);
    if (someZones.isEmpty()) {
      assertEquals(List.of(), zones, name);
    }
    assertEquals(Instant.parse(releaseAt), DAY.releaseAt(zones, Instant.parse(now)), name);
  }
}
