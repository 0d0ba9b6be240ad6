package com.example.crm.sms.ingest.service;

import com.example.crm.sms.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Decides whether a webhook comes from Twilio, according to the configured tokens. */
@ApplicationScoped
public class SignatureService {

  /** What the check found. */
  public enum Verdict {
    VALID,
    /** Validation is switched off by configuration. */
    SKIPPED,
    MISSING,
    INVALID,
    /** Validation is on but no auth token is configured: nothing can be verified. */
    NO_TOKEN
  }

  private final IngestConfig config;
  private final SignatureVerifier verifier;

  public SignatureService(IngestConfig config) {
    this.config = config;
    List<String> tokens = new ArrayList<>();
    config.twilio().authToken().ifPresent(tokens::add);
    config.twilio().authTokenSecondary().ifPresent(tokens::add);
    this.verifier = new SignatureVerifier(tokens);
  }

  public boolean validationEnabled() {
    return config.twilio().signatureValidation();
  }

  /** True when validation is on but no token is configured: every webhook would be refused. */
  public boolean misconfigured() {
    return validationEnabled() && !verifier.hasTokens();
  }

  public Verdict check(String url, Map<String, String> params, String signature) {
    if (!validationEnabled()) {
      return Verdict.SKIPPED;
    }
    if (!verifier.hasTokens()) {
      return Verdict.NO_TOKEN;
    }
    if (signature == null || signature.isBlank()) {
      return Verdict.MISSING;
    }
    return verifier.verify(url, params, signature) ? Verdict.VALID : Verdict.INVALID;
  }

  /** The URL Twilio signed for a request that reached this service at {@code path}. */
  public String signedUrl(String path, String rawQuery, ForwardedHeaders forwarded) {
    if (config.trustForwardedHeaders()) {
      return WebhookUrls.fromForwardedHeaders(
          config.publicUrl(),
          forwarded.proto(),
          forwarded.host(),
          forwarded.port(),
          forwarded.prefix(),
          path,
          rawQuery);
    }
    return WebhookUrls.fromPublicUrl(config.publicUrl(), path, rawQuery);
  }

  /** The X-Forwarded-* headers of a request, each null when absent. */
  public record ForwardedHeaders(String proto, String host, String port, String prefix) {}
}
