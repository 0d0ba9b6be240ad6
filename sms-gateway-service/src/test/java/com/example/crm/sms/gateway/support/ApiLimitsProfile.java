package com.example.crm.sms.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * One application for the API's limits and policies: nothing runs in the background (no dispatcher,
 * no relay), so a test can count every table before and after a request; a small stream cap; more
 * sender numbers, a Messaging Service and two destination countries.
 */
public class ApiLimitsProfile implements QuarkusTestProfile {

  public static final int MAX_STREAMS = 3;
  public static final String SECOND_SENDER = "+12394260999";

  /** Configured in national format: the gateway reads it as +12394260998. */
  public static final String THIRD_SENDER_NATIONAL = "(239) 426-0998";

  public static final String MESSAGING_SERVICE = "MG" + "0".repeat(31) + "5";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "sms.gateway.dispatcher.enabled",
        "false",
        "sms.gateway.relay.enabled",
        "false",
        "sms.gateway.stream.max-open",
        String.valueOf(MAX_STREAMS),
        "sms.gateway.carrier.sender-numbers",
        SECOND_SENDER + ", " + THIRD_SENDER_NATIONAL,
        "sms.gateway.carrier.messaging-service-sid",
        MESSAGING_SERVICE,
        "sms.gateway.allowed-destination-countries",
        "us, CA");
  }
}
