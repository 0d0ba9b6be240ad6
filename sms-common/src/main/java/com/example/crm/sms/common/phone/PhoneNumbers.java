package com.example.crm.sms.common.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * E.164 at the edge (DESIGN.md rule 5): every number that enters a service goes through here, and
 * people see numbers formatted by {@link #display(String)}.
 */
public final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private static final int MAX_LENGTH = 64;

  /**
   * Parsing and validating costs tens of microseconds, and the same numbers come back on every
   * request (our own numbers, regular correspondents). Two generations of at most this many entries
   * each: when the young one is full it becomes the old one, and a hit in the old one moves back to
   * the young one. So memory stays bounded, and a working set near the limit is not thrown away all
   * at once (clearing a single map at the limit made every lookup a miss in that case).
   */
  static final int CACHE_GENERATION_LIMIT = 16_384;

  private final String defaultRegion;
  private volatile Map<String, Optional<String>> young = new ConcurrentHashMap<>();
  private volatile Map<String, Optional<String>> old = Map.of();
  private final LongAdder parses = new LongAdder();

  /**
   * @param defaultRegion ISO 3166 region for numbers written without a country code, e.g. "US"
   */
  public PhoneNumbers(String defaultRegion) {
    String region = defaultRegion.trim().toUpperCase(Locale.ROOT);
    if (!UTIL.getSupportedRegions().contains(region)) {
      throw new IllegalArgumentException("unknown phone region: " + defaultRegion);
    }
    this.defaultRegion = region;
  }

  public String defaultRegion() {
    return defaultRegion;
  }

  /** The E.164 form of a valid number, or empty when it is not a valid phone number. */
  public Optional<String> toE164(String raw) {
    if (raw == null || raw.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Optional<String> e164 = young.get(raw);
    if (e164 == null) {
      e164 = old.get(raw);
      if (e164 == null) {
        parses.increment();
        e164 = parse(raw).map(n -> UTIL.format(n, PhoneNumberFormat.E164));
      }
      remember(raw, e164);
    }
    return e164;
  }

  private void remember(String raw, Optional<String> e164) {
    Map<String, Optional<String>> generation = young;
    if (generation.size() >= CACHE_GENERATION_LIMIT) {
      // A race here at worst drops a few entries, which are parsed again: no lock on the hot path.
      old = generation;
      generation = new ConcurrentHashMap<>();
      young = generation;
    }
    generation.put(raw, e164);
  }

  /** Numbers parsed because the cache did not have them, for tests. */
  long parses() {
    return parses.sum();
  }

  /** Entries in the E.164 cache (both generations), for tests. */
  int cachedEntries() {
    return young.size() + old.size();
  }

  /**
   * The number as people read it: national format for the default region, e.g. (239) 426-7058,
   * international otherwise; the input unchanged if it does not parse.
   */
  public String display(String number) {
    return parse(number)
        .map(
            n ->
                UTIL.getRegionCodeForNumber(n) != null
                        && UTIL.getRegionCodeForNumber(n).equals(defaultRegion)
                    ? UTIL.format(n, PhoneNumberFormat.NATIONAL)
                    : UTIL.format(n, PhoneNumberFormat.INTERNATIONAL))
        .orElse(number);
  }

  private Optional<PhoneNumber> parse(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    try {
      PhoneNumber number = UTIL.parse(raw.trim(), defaultRegion);
      return UTIL.isValidNumber(number) ? Optional.of(number) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }
}
