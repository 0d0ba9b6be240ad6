package com.example.crm.sms.contacts.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Pattern;

/**
 * The web console this service serves: env {@code SMS_CONSOLE_GATEWAY_ORIGIN}, {@code
 * SMS_CONSOLE_OIDC_ISSUER}, {@code SMS_CONSOLE_OIDC_CLIENT_ID} (README.md), checked at start.
 */
@ConfigMapping(prefix = "sms.console")
public interface ConsoleConfig {

  /**
   * The origin the console calls the gateway at (its send API and live stream), allowed by the
   * console's Content-Security-Policy ({@code connect-src}). config.js calls port 8082 of the
   * console's host when the console is served from port 8081, else its own origin ('self' already
   * allows that). An origin only: scheme, host and optional port.
   */
  @WithDefault("http://localhost:8082")
  @Pattern(
      regexp = "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?",
      message = "must be an origin such as https://sms.example.com or http://localhost:8082")
  String gatewayOrigin();

  /**
   * The OpenID Connect issuer the console signs in with, as the browser reaches it (served at
   * /console/config.json as {@code authority}); its origin is added to the console's {@code
   * connect-src}, the browser fetching discovery and tokens from it. By default the services' own
   * issuer ({@code quarkus.oidc.auth-server-url}). An http(s) URL without query or fragment.
   */
  @WithDefault("${quarkus.oidc.auth-server-url}")
  @Pattern(
      regexp =
          "https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&()*+=:@/-]*)?",
      message = "must be an http(s) URL such as https://login.example.com/realms/sms")
  String oidcIssuer();

  /** The console's public client at the provider (Authorization Code with PKCE, no secret). */
  @WithDefault("sms-console")
  @Pattern(
      regexp = "[\\x21-\\x7E]{1,200}",
      message = "must be 1 to 200 printable ASCII characters without spaces")
  String oidcClientId();
}
