package com.example.crm.sms.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenamedSettingsTest {

  @Test
  void anOldNameStillSetIsReportedWithItsNewName() {
    Map<String, String> env =
        Map.of("DB_HOST", "db", "SMS_TWILIO_AUTH_TOKEN", "t", "TWILIO_AUTH_TOKEN", "t");
    assertEquals(
        List.of(
            "DB_HOST is set but no longer read: it is now SMS_DB_HOST (not set)",
            "TWILIO_AUTH_TOKEN is set but no longer read: it is now SMS_TWILIO_AUTH_TOKEN (also set)"),
        RenamedSettings.warnings(env::get));
  }

  @Test
  void newNamesAloneRaiseNothing() {
    assertEquals(List.of(), RenamedSettings.warnings(Map.of("SMS_DB_HOST", "db")::get));
  }
}
