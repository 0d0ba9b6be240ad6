package com.example.crm.sms.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs like Twilio does (URL, then every parameter name and value sorted by name, HMAC-SHA1 with
 * the auth token, Base64), written independently of the SDK so the tests check the SDK's check.
 */
public final class TwilioSigning {

  /** The fake tokens of the %test profile. */
  public static final String PRIMARY = "test-auth-token-0000";

  public static final String SECONDARY = "test-auth-token-1111";

  /** The %test profile's INGEST_PUBLIC_URL. */
  public static final String PUBLIC_URL = "https://ingest.test.example";

  private TwilioSigning() {}

  public static String sign(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
