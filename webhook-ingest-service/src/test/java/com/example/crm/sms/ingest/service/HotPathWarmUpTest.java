package com.example.crm.sms.ingest.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.phone.PhoneNumbers;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The warm-up goes through each step a webhook takes, and says when it has run. */
class HotPathWarmUpTest {

  @Test
  void runsBothWebhooksPathAndRecordsItsTime() {
    HotPathWarmUp warmUp =
        new HotPathWarmUp(
            "https://ingest.example/prefix",
            new InboundMessageMapper(new PhoneNumbers("US")),
            new StatusCallbackMapper(new PhoneNumbers("US")),
            new ObjectMapper());
    assertTrue(warmUp.took().isEmpty(), "not run yet");

    int bytes = warmUp.run();

    // Both events written: an inbound event with its media alone is longer than 500 bytes.
    assertTrue(bytes > 800, "both events serialised, " + bytes + " bytes");
    assertTrue(warmUp.took().isPresent());
  }
}
