package com.example.crm.sms.ingest;

import com.example.crm.sms.common.twilio.TwilioSignature;
import java.util.Map;

/**
 * Signs like Twilio does with the project's own signer (written independently of the SDK, so the
 * tests check the SDK's check), with the %test profile's tokens and public URL.
 */
public final class TwilioSigning {

  /** The fake tokens of the %test profile. */
  public static final String PRIMARY = "test-auth-token-0000";

  public static final String SECONDARY = "test-auth-token-1111";

  /** The %test profile's SMS_INGEST_PUBLIC_URL. */
  public static final String PUBLIC_URL = "https://ingest.test.example";

  private TwilioSigning() {}

  public static String sign(String authToken, String url, Map<String, String> params) {
    return TwilioSignature.sign(authToken, url, params);
  }
}
