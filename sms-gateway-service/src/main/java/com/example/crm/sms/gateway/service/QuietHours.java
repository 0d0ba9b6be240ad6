package com.example.crm.sms.gateway.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The window in the recipient's local time in which campaign and scheduled texts may go (start
 * inclusive, end exclusive; a start after the end spans midnight). A number in several zones goes
 * only when the window holds in all of them. Pure: the zones and the instant come in.
 */
public final class QuietHours {

  /** Rounds of moving to a later window start before giving up on a common window. */
  private static final int MAX_ROUNDS = 16;

  private final boolean enabled;
  private final LocalTime start;
  private final LocalTime end;

  public QuietHours(boolean enabled, LocalTime start, LocalTime end) {
    this.enabled = enabled;
    this.start = start;
    this.end = end;
  }

  /**
   * The first instant from {@code now} on at which the window holds in every zone: {@code now}
   * itself when it holds already (or quiet hours are off, or no zone is known).
   */
  public Instant releaseAt(List<ZoneId> zones, Instant now) {
    if (!enabled || zones.isEmpty() || start.equals(end)) {
      return now;
    }
    Instant t = now;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Instant moved = t;
      for (ZoneId zone : zones) {
        ZonedDateTime local = t.atZone(zone);
        if (!inWindow(local.toLocalTime())) {
          Instant next = nextStart(local);
          if (next.isAfter(moved)) {
            moved = next;
          }
        }
      }
      if (moved.equals(t)) {
        return t;
      }
      t = moved;
    }
    // The zones' windows never meet (a very short window across far zones): go at the last
    // candidate rather than hold the text for ever.
    return t;
  }

  boolean inWindow(LocalTime local) {
    if (start.isBefore(end)) {
      return !local.isBefore(start) && local.isBefore(end);
    }
    return !local.isBefore(start) || local.isBefore(end);
  }

  /** The next window start after {@code local}, in its zone; a start in a DST gap moves later. */
  private Instant nextStart(ZonedDateTime local) {
    LocalDate date = local.toLocalDate();
    ZonedDateTime candidate = ZonedDateTime.of(date, start, local.getZone());
    if (!candidate.isAfter(local)) {
      candidate = ZonedDateTime.of(date.plusDays(1), start, local.getZone());
    }
    return candidate.toInstant();
  }
}
