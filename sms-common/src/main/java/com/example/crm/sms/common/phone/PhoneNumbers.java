package com.example.crm.sms.common.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * E.164 at the edge (DESIGN.md rule 5): every number that enters a service goes through here, and
 * people see numbers formatted by {@link #display(String)}.
 */
public final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private static final int MAX_LENGTH = 64;

  /**
   * Parsing and validating costs tens of microseconds, and the same numbers come back on every
   * request (our own numbers, regular correspondents). Cleared when full: bounded memory, no LRU.
   */
  static final int CACHE_LIMIT = 10_000;

  private final String defaultRegion;
  private final ConcurrentHashMap<String, Optional<String>> e164Cache = new ConcurrentHashMap<>();

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
    Optional<String> cached = e164Cache.get(raw);
    if (cached != null) {
      return cached;
    }
    Optional<String> e164 = parse(raw).map(n -> UTIL.format(n, PhoneNumberFormat.E164));
    if (e164Cache.size() >= CACHE_LIMIT) {
      e164Cache.clear();
    }
    e164Cache.put(raw, e164);
    return e164;
  }

  /** Entries in the E.164 cache, for tests. */
  int cachedEntries() {
    return e164Cache.size();
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
