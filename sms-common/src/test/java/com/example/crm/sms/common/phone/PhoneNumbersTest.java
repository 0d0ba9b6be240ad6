package com.example.crm.sms.common.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

  private final PhoneNumbers us = new PhoneNumbers("US");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "INVALID",
      value = {
        "(239) 426-7058, +12394267058",
        "239.426.7058, +12394267058",
        "+1 239 426 7058, +12394267058",
        "1-239-426-7058, +12394267058",
        "+44 20 7946 0958, +442079460958",
        "'  +12394267058 ', +12394267058",
        "12345, INVALID",
        "not a number, INVALID",
        "'', INVALID",
        "+1 555 0100, INVALID",
      })
  void normalisesToE164(String raw, String expected) {
    assertEquals(Optional.ofNullable(expected), us.toE164(raw));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "+12394267058, (239) 426-7058",
    "+442079460958, +44 20 7946 0958",
    "garbage, garbage",
  })
  void displaysNationalForTheDefaultRegionAndInternationalOtherwise(String e164, String shown) {
    assertEquals(shown, us.display(e164));
  }

  @ParameterizedTest(name = "{0} is in {1}")
  @CsvSource(
      nullValues = "INVALID",
      value = {
        "+12394267058, US",
        "(239) 426-7058, US",
        "+442079460958, GB",
        "+14165550123, CA",
        "+80012345678, 001",
        "+1 555 0100, INVALID",
      })
  void tellsTheRegionOfAValidNumber(String raw, String region) {
    assertEquals(Optional.ofNullable(region), us.region(raw));
  }

  @org.junit.jupiter.api.Test
  void theRegionComesFromTheSameCacheEntryAsTheE164Form() {
    PhoneNumbers phones = new PhoneNumbers("US");
    phones.toE164("+442079460958");
    assertEquals(Optional.of("GB"), phones.region("+442079460958"));
    assertEquals(1, phones.cacheStats().missCount());
  }

  @org.junit.jupiter.api.Test
  void repeatedNumbersAreAnsweredFromABoundedCache() {
    PhoneNumbers phones = new PhoneNumbers("US");
    assertEquals(Optional.of("+12394267058"), phones.toE164("(239) 426-7058"));
    assertEquals(Optional.of("+12394267058"), phones.toE164("(239) 426-7058"));
    assertEquals(Optional.empty(), phones.toE164("12345"));
    assertEquals(Optional.empty(), phones.toE164("12345"));
    assertEquals(2, phones.cachedEntries());
    for (int i = 0; i < 3 * PhoneNumbers.CACHE_SIZE; i++) {
      phones.toE164("+1239426" + String.format("%04d", i % 10_000) + "#" + i);
    }
    org.junit.jupiter.api.Assertions.assertTrue(
        phones.cachedEntries() <= PhoneNumbers.CACHE_SIZE, "cache stays bounded");
    assertEquals(Optional.of("+12394267058"), phones.toE164("(239) 426-7058"));
    assertEquals(Optional.empty(), phones.toE164("x".repeat(65)));
    assertEquals(Optional.empty(), phones.toE164(null));
  }

  @org.junit.jupiter.api.Test
  void regularCorrespondentsSurviveAFloodOfOneOffNumbers() {
    PhoneNumbers phones = new PhoneNumbers("US");
    int regulars = 3_000;
    int oneOffs = 3 * PhoneNumbers.CACHE_SIZE;
    for (int i = 0; i < oneOffs; i++) {
      phones.toE164(String.format("+1239%07d", i % regulars));
      phones.toE164(String.format("+1305%07d", i));
    }
    // Each regular number parsed once, although the flood filled the cache three times over.
    assertEquals(regulars + oneOffs, phones.cacheStats().missCount());
  }

  @org.junit.jupiter.api.Test
  void unknownDefaultRegionIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new PhoneNumbers("XX"));
  }
}
