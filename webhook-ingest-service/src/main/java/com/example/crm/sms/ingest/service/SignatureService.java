package com.example.crm.sms.ingest.service;

import com.example.crm.sms.common.secret.Secrets;
import com.example.crm.sms.ingest.config.IngestConfig;
import com.example.crm.sms.ingest.config.TwilioConfig;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a webhook comes from Twilio, according to the configured tokens. Tokens are
 * trimmed (a secret made with {@code kubectl create secret --from-file} ends in a newline that is
 * no part of the token), and in the prod profile a placeholder ({@code change-me...}, as in
 * .env.example) is refused: it is public, so anyone could sign webhooks with it.
 */
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
    NO_TOKEN,
    /** Validation is on but a configured token is a placeholder, refused in the prod profile. */
    PLACEHOLDER_TOKEN
  }

  /** How every placeholder of .env.example starts. */
  static final String PRIMARY_VARIABLE = "SMS_TWILIO_AUTH_TOKEN";

  static final String SECONDARY_VARIABLE = "SMS_TWILIO_AUTH_TOKEN_SECONDARY";

  private final IngestConfig config;
  private final boolean validation;
  private final SignatureVerifier verifier;
  private final List<String> placeholders = new ArrayList<>();

  @Inject
  public SignatureService(IngestConfig config, TwilioConfig twilio) {
    this(config, twilio, ConfigUtils.isProfileActive("prod"));
  }

  /**
   * @param refusePlaceholders whether a placeholder token is refused (the prod profile)
   */
  SignatureService(IngestConfig config, TwilioConfig twilio, boolean refusePlaceholders) {
    this.config = config;
    this.validation = twilio.signatureValidation();
    List<String> tokens = new ArrayList<>();
    addToken(tokens, PRIMARY_VARIABLE, twilio.authToken(), refusePlaceholders);
    addToken(tokens, SECONDARY_VARIABLE, twilio.authTokenSecondary(), refusePlaceholders);
    this.verifier = new SignatureVerifier(tokens);
  }

  private void addToken(
      List<String> tokens,
      String variable,
      Optional<String> configured,
      boolean refusePlaceholders) {
    String token = Secrets.trimmed(configured.orElse(null));
    if (token.isEmpty()) {
      return;
    }
    if (refusePlaceholders && Secrets.isPlaceholder(token)) {
      placeholders.add(variable);
      return;
    }
    tokens.add(token);
  }

  public boolean validationEnabled() {
    return validation;
  }

  /**
   * Why validation cannot work, for the log and the readiness check (names the variable, never a
   * value); null when it can, or when it is off.
   */
  public String misconfiguration() {
    if (!validationEnabled()) {
      return null;
    }
    if (!placeholders.isEmpty()) {
      return String.join(" and ", placeholders)
          + (placeholders.size() == 1 ? " is a placeholder" : " are placeholders")
          + " (a value starting with '"
          + Secrets.PLACEHOLDER_PREFIX
          + "', as in .env.example), refused in the prod profile";
    }
    return verifier.hasTokens() ? null : PRIMARY_VARIABLE + " is not set";
  }

  public Verdict check(String url, Map<String, String> params, String signature) {
    if (!validationEnabled()) {
      return Verdict.SKIPPED;
    }
    if (!placeholders.isEmpty()) {
      return Verdict.PLACEHOLDER_TOKEN;
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
