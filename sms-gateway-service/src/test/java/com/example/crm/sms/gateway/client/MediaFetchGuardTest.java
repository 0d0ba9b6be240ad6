package com.example.crm.sms.gateway.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaFetchGuardTest {

  private final MediaFetchGuard guard =
      new MediaFetchGuard(
          List.of("api.twilio.com", " MMS.twiliocdn.com ", "media.example:8443"),
          List.of("localhost:8082"),
          1000,
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          3);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1, true",
    "https://API.Twilio.com:443/x, true",
    "https://mms.twiliocdn.com/AC1/abc, true",
    "https://media.example:8443/x, true",
    "https://media.example/x, false",
    "http://api.twilio.com/x, false",
    "https://api.twilio.com:8443/x, false",
    "https://api.twilio.com.evil.example/x, false",
    "https://evil.example/api.twilio.com, false",
    "https://user:secret@api.twilio.com/x, false",
    "http://localhost:8082/simulated-carrier/media/sample.png, true",
    "http://localhost:8083/x, false",
    "http://localhost/x, false",
    "ftp://api.twilio.com/x, false",
    "file:///etc/passwd, false",
    "/relative/path, false",
    "not a url, false",
  })
  void onlyAllowedHostsAndSchemes(String url, boolean allowed) {
    if (allowed) {
      assertDoesNotThrow(() -> guard.first(url));
    } else {
      assertFalse(assertThrows(MediaFetchException.class, () -> guard.first(url)).timedOut());
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://mms.twiliocdn.com/signed?sig=1, https://mms.twiliocdn.com/signed?sig=1",
    "/2010-04-01/other, https://api.twilio.com/2010-04-01/other",
    "https://evil.example/steal, ",
    "http://mms.twiliocdn.com/plain, ",
  })
  void redirectsOnlyToAllowedHosts(String location, String followed) {
    URI from = URI.create("https://api.twilio.com/2010-04-01/Media/ME1");
    if (followed != null) {
      assertEquals(URI.create(followed), guard.redirect(from, location, 0));
    } else {
      assertThrows(MediaFetchException.class, () -> guard.redirect(from, location, 0));
    }
  }

  @Test
  void aFewRedirectsAtMostAndEachWithALocation() {
    URI from = URI.create("https://api.twilio.com/a");
    assertDoesNotThrow(() -> guard.redirect(from, "/b", 2));
    assertThrows(MediaFetchException.class, () -> guard.redirect(from, "/b", 3));
    assertThrows(MediaFetchException.class, () -> guard.redirect(from, null, 0));
  }

  @Test
  void credentialsStayWithTheOriginTheyWereSentTo() {
    URI api = URI.create("https://api.twilio.com/a");
    assertTrue(MediaFetchGuard.sameOrigin(api, URI.create("https://API.twilio.com:443/b")));
    assertFalse(MediaFetchGuard.sameOrigin(api, URI.create("https://mms.twiliocdn.com/b")));
    assertFalse(MediaFetchGuard.sameOrigin(api, URI.create("https://api.twilio.com:8443/b")));
  }

  @Test
  void theSizeLimitHoldsForDeclaredAndReadBytes() {
    assertDoesNotThrow(() -> guard.checkLength(1000L));
    assertDoesNotThrow(() -> guard.checkLength(null));
    assertThrows(MediaFetchException.class, () -> guard.checkLength(1001L));
    assertDoesNotThrow(() -> guard.checkRead(1000));
    assertThrows(MediaFetchException.class, () -> guard.checkRead(1001));
  }
}
