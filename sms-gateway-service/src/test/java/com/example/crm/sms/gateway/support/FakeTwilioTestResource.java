package com.example.crm.sms.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the gateway's Twilio SDK at {@link FakeTwilio} with obviously fake credentials, and lets
 * its media proxy fetch over plain http from the fake media hosts that stand in for Twilio's
 * ({@link FakeMedia}), never from the host that stands for one not allowed.
 */
public class FakeTwilioTestResource implements QuarkusTestResourceLifecycleManager {

  /** Where status callbacks would go; nothing listens in these tests. */
  public static final String INGEST_URL = "http://127.0.0.1:9/ingest";

  @Override
  public Map<String, String> start() {
    FakeTwilio twilio = FakeTwilio.shared();
    FakeMedia media = FakeMedia.shared();
    return Map.of(
        "sms.gateway.carrier.mode",
        "twilio",
        "sms.gateway.carrier.account-sid",
        FakeTwilio.ACCOUNT_SID,
        "sms.gateway.carrier.auth-token",
        FakeTwilio.AUTH_TOKEN,
        "sms.gateway.carrier.from-number",
        FakeTwilio.FROM,
        "sms.gateway.carrier.api-base-url",
        twilio.baseUrl(),
        "sms.gateway.ingest-public-url",
        INGEST_URL,
        "sms.gateway.media.http-hosts",
        media.api().hostPort() + "," + media.cdn().hostPort());
  }

  @Override
  public void stop() {
    // The fake server stops with the JVM, so a later test profile finds it running.
  }
}
