package com.example.crm.sms.contacts.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The console may call its sign-in provider's origin: scheme, host and port of the issuer URL. */
class ConsoleSecurityHeadersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http://localhost:8180/realms/sms                       | http://localhost:8180
          https://login.example.com/realms/sms                   | https://login.example.com
          https://login.microsoftonline.com/0000-tenant/v2.0     | https://login.microsoftonline.com
          HTTPS://Login.Example.COM:8443/realms/sms/             | https://login.example.com:8443
          http://[::1]:8180/realms/sms                           | http://[::1]:8180
          https://accounts.example.com                           | https://accounts.example.com
          """)
  void theProvidersOriginIsTheIssuersSchemeHostAndPort(String issuer, String origin) {
    assertEquals(origin, ConsoleSecurityHeaders.origin(issuer));
  }
}
