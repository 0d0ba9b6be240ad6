package com.example.crm.sms.ingest.service;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks X-Twilio-Signature against each accepted auth token (primary, then secondary), so a token
 * can be rotated without losing webhooks. Accepts exactly what the Twilio SDK's {@code
 * com.twilio.security.RequestValidator#validate(String, Map, String)} accepts: base64(HMAC-SHA1)
 * over the URL plus every parameter sorted by name, for the URL with the port written out or
 * without it. Unlike the SDK it stops at the first match, tries the URL as given first (one of the
 * SDK's two forms, and the one Twilio normally signs), and reuses one Mac per thread and token
 * instead of creating two per request; SignatureVerifierTest compares it with the SDK.
 */
public final class SignatureVerifier {

  private static final String HMAC = "HmacSHA1";

  private final List<SecretKeySpec> keys;
  private final ThreadLocal<Mac[]> macs;

  public SignatureVerifier(List<String> authTokens) {
    this.keys =
        authTokens.stream()
            .filter(t -> !t.isBlank())
            .map(t -> new SecretKeySpec(t.getBytes(StandardCharsets.UTF_8), HMAC))
            .toList();
    this.macs = ThreadLocal.withInitial(this::newMacs);
  }

  public boolean hasTokens() {
    return !keys.isEmpty();
  }

  /**
   * @param url the URL Twilio posted to, query string included
   * @param params every form parameter of the request
   * @param signature the X-Twilio-Signature header; null or blank never verifies
   */
  public boolean verify(String url, Map<String, String> params, String signature) {
    if (signature == null || signature.isBlank() || keys.isEmpty()) {
      return false;
    }
    byte[] expected = signature.getBytes(StandardCharsets.UTF_8);
    // The signed data is the URL then the sorted parameters: fed to the Mac in two parts, so the
    // parameters are encoded once for both URL forms and no concatenated copy is made.
    byte[] sortedParams = sortedParams(params).getBytes(StandardCharsets.UTF_8);
    if (matches(url, sortedParams, expected)) {
      return true;
    }
    String otherForm = otherPortForm(url);
    return !otherForm.equals(url) && matches(otherForm, sortedParams, expected);
  }

  private boolean matches(String url, byte[] sortedParams, byte[] expected) {
    byte[] urlBytes = url.getBytes(StandardCharsets.UTF_8);
    for (Mac mac : macs.get()) {
      mac.update(urlBytes);
      byte[] actual = Base64.getEncoder().encode(mac.doFinal(sortedParams));
      if (MessageDigest.isEqual(actual, expected)) {
        return true;
      }
    }
    return false;
  }

  private static String sortedParams(Map<String, String> params) {
    if (params == null || params.isEmpty()) {
      return "";
    }
    List<String> names = new ArrayList<>(params.keySet());
    Collections.sort(names);
    StringBuilder data = new StringBuilder(512);
    for (String name : names) {
      String value = params.get(name);
      data.append(name).append(value == null ? "" : value);
    }
    return data.toString();
  }

  /**
   * The SDK's other URL form: without the port when the URL has one, with the scheme's default port
   * when it has none, rebuilt through java.net.URI exactly as the SDK does; the URL unchanged when
   * it does not parse.
   */
  static String otherPortForm(String url) {
    try {
      URI uri = new URI(url);
      int port = uri.getPort() != -1 ? -1 : ("https".equals(uri.getScheme()) ? 443 : 80);
      try {
        return new URI(
                uri.getScheme(),
                uri.getUserInfo(),
                uri.getHost(),
                port,
                uri.getPath(),
                uri.getQuery(),
                uri.getFragment())
            .toString();
      } catch (Exception e) {
        return uri.toString();
      }
    } catch (Exception e) {
      return url;
    }
  }

  private Mac[] newMacs() {
    Mac[] result = new Mac[keys.size()];
    try {
      for (int i = 0; i < result.length; i++) {
        result[i] = Mac.getInstance(HMAC);
        result[i].init(keys.get(i));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
    return result;
  }
}
