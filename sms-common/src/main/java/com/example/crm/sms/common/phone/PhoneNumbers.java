package com.example.crm.sms.common.phone;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;

/**
 * E.164 at the edge (docs/architecture.md, rule 5): every number that enters a service goes through
 * here, and people see numbers formatted by {@link #display(String)}.
 */
public final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private static final int MAX_LENGTH = 64;

  /**
   * Parsing and validating costs tens of microseconds, and the same numbers come back on every
   * request (our own numbers, regular correspondents). Caffeine's frequency-aware eviction keeps
   * those regulars while a flood of one-off numbers passes through.
   */
  static final int CACHE_SIZE = 32_768;

  /** A valid number's E.164 form and libphonenumber's region of it ("001": non-geographic). */
  private record Valid(String e164, String region) {}

  private final String defaultRegion;
  private final Cache<String, Optional<Valid>> e164Cache =
      Caffeine.newBuilder()
          .maximumSize(CACHE_SIZE)
          // Maintenance on the calling thread: no pool thread per service for a small cache.
          .executor(Runnable::run)
          .recordStats()
          .build();

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
    return valid(raw).map(Valid::e164);
  }

  /**
   * libphonenumber's region (ISO 3166, "001" for a non-geographic number) of a valid number, or
   * empty when it is not one; cached with its E.164 form.
   */
  public Optional<String> region(String raw) {
    return valid(raw).map(Valid::region);
  }

  private Optional<Valid> valid(String raw) {
    if (raw == null || raw.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    return e164Cache.get(
        raw,
        r ->
            parse(r)
                .map(
                    n -> {
                      String region = UTIL.getRegionCodeForNumber(n);
                      return new Valid(
                          UTIL.format(n, PhoneNumberFormat.E164), region == null ? "ZZ" : region);
                    }));
  }

  /** Hits and misses of the E.164 cache, published as metrics by {@link PhoneNumbersProducer}. */
  public CacheStats cacheStats() {
    return e164Cache.stats();
  }

  /** Entries the E.164 cache holds now. */
  public long cachedEntries() {
    return e164Cache.estimatedSize();
  }

  /**
   * The number as people read it: national format for the default region, e.g. (239) 426-7058,
   * international otherwise; the input unchanged if it does not parse.
   */
  public String display(String number) {
    return parse(number)
        .map(
            n ->
                defaultRegion.equals(UTIL.getRegionCodeForNumber(n))
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
