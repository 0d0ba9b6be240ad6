package com.example.crm.sms.ingest.service;

import com.twilio.security.RequestValidator;
import java.util.List;
import java.util.Map;

/**
 * Checks X-Twilio-Signature with the Twilio SDK's {@link RequestValidator} against each accepted
 * auth token in turn (primary, then secondary), so a token can be rotated without losing webhooks.
 */
public final class SignatureVerifier {

  private final List<RequestValidator> validators;

  public SignatureVerifier(List<String> authTokens) {
    this.validators =
        authTokens.stream().filter(t -> !t.isBlank()).map(RequestValidator::new).toList();
  }

  public boolean hasTokens() {
    return !validators.isEmpty();
  }

  /**
   * @param url the URL Twilio posted to, query string included
   * @param params every form parameter of the request
   * @param signature the X-Twilio-Signature header; null or blank never verifies
   */
  public boolean verify(String url, Map<String, String> params, String signature) {
    if (signature == null || signature.isBlank()) {
      return false;
    }
    for (RequestValidator validator : validators) {
      if (validator.validate(url, params, signature)) {
        return true;
      }
    }
    return false;
  }
}
