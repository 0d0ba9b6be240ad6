package com.example.crm.sms.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenamedSettingsTest {

  @ParameterizedTest(name = "{0} set -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "DB_HOST | DB_HOST is set but no longer read: set SMS_DB_HOST instead",
        "DISPATCHER_BATCH_SIZE | DISPATCHER_BATCH_SIZE is set but no longer read: set"
            + " SMS_GATEWAY_DISPATCHER_BATCH_SIZE instead",
        "API_MAX_BODY_SIZE | API_MAX_BODY_SIZE is set but no longer read: set"
            + " SMS_GATEWAY_API_MAX_BODY_SIZE (gateway) or SMS_CONTACTS_API_MAX_BODY_SIZE (contacts)"
            + " instead",
        "INGEST_BENCH_NOOP_ENABLED | INGEST_BENCH_NOOP_ENABLED is set but no longer read: removed:"
            + " the no-op endpoint exists only in the bench build (-Pbench)",
      })
  void anOldNameStillSetIsNamedWithWhatReplacedIt(String old, String warning) {
    assertEquals(List.of(warning), RenamedSettings.warnings(Map.of(old, "x")::get));
  }

  @ParameterizedTest(name = "{0} alone raises nothing")
  @CsvSource({"SMS_DB_HOST", "SMS_GATEWAY_DISPATCHER_BATCH_SIZE", "KAFKA_BOOTSTRAP_SERVERS"})
  void currentNamesRaiseNothing(String current) {
    assertEquals(List.of(), RenamedSettings.warnings(Map.of(current, "x")::get));
  }
}
