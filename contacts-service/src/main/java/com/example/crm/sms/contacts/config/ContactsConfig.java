package com.example.crm.sms.contacts.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Pattern;

/** Settings of contacts-service an operator may change (see README.md for the env vars). */
@ConfigMapping(prefix = "contacts")
public interface ContactsConfig {

  Http http();

  Console console();

  /**
   * Limits of the HTTP API, answered with a problem before anything is read. Their defaults and env
   * vars are in application.properties, which also sets Quarkus's own limits from them.
   */
  interface Http {

    /**
     * Largest request body of {@code /api/*}: a larger declared Content-Length is a 413, a body
     * without one (chunked) a 411. A contact is a few KiB at most (notes: 10 000 characters).
     */
    MemorySize maxBodySize();

    /**
     * Largest total size of a request's headers: more is a 431 naming the largest header. Quarkus's
     * own limit (a 431 with no body) stays above this one: {@code quarkus.http.limits}.
     */
    MemorySize maxHeaderSize();
  }

  /** The web console this service serves (default and env var: application.properties). */
  interface Console {

    /**
     * The origin the console calls the gateway at (its send API and live stream), allowed by the
     * console's Content-Security-Policy ({@code connect-src}). config.js calls port 8082 of the
     * console's host when the console is served from port 8081, else its own origin ('self' already
     * allows that). An origin only: scheme, host and optional port.
     */
    @Pattern(
        regexp =
            "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?",
        message = "must be an origin such as https://sms.example.com or http://localhost:8082")
    String gatewayOrigin();

    /**
     * The OpenID Connect issuer the console signs in with, as the browser reaches it (served at
     * /console/config.json as {@code authority}); its origin is added to the console's {@code
     * connect-src}, the browser fetching discovery and tokens from it. By default the services' own
     * issuer ({@code quarkus.oidc.auth-server-url}). An http(s) URL without query or fragment.
     */
    @Pattern(
        regexp =
            "https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&()*+=:@/-]*)?",
        message = "must be an http(s) URL such as https://login.example.com/realms/sms")
    String oidcAuthority();

    /** The console's public client at the provider (Authorization Code with PKCE, no secret). */
    @Pattern(
        regexp = "[\\x21-\\x7E]{1,200}",
        message = "must be 1 to 200 printable ASCII characters without spaces")
    String oidcClientId();
  }
}
