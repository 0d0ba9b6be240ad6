package com.example.crm.sms.contacts;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * A real token issuer for every test: Quarkus's OIDC test server (discovery and signing keys on a
 * port of its own, {@code keycloak.url}), started once for the whole suite. The service verifies
 * {@link com.example.crm.sms.testsupport.oidc.TestTokens} against it as it verifies Keycloak's.
 */
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class OidcTestServer {

  private OidcTestServer() {}
}
