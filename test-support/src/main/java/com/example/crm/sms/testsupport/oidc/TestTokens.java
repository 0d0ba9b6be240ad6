package com.example.crm.sms.testsupport.oidc;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;

/**
 * Bearer tokens for the services' tests, signed by the key of Quarkus's OIDC test server
 * (quarkus-test-oidc-server's {@code OidcWiremockTestResource}, a real issuer with discovery and
 * JWKS endpoints in the test JVM), so the services verify them exactly as they verify a Keycloak
 * token. The services' {@code %test} profile names {@link #ISSUER} and {@link #AUDIENCE}.
 *
 * <p>The test server's dependencies are not part of this module's runtime classpath (the local
 * run's broker uses it): a service's tests add {@code io.quarkus:quarkus-test-oidc-server}.
 */
public final class TestTokens {

  /** The issuer the OIDC test server's tokens carry. */
  public static final String ISSUER = "https://server.example.com";

  /** The audience the services expect (Keycloak's sms-api audience mapper in the local run). */
  public static final String AUDIENCE = "sms-api";

  private static final String KEY_ID = "1";

  private TestTokens() {}

  /** A valid access token of {@code subject} ({@code name}) with {@code roles}. */
  public static String token(String subject, String name, String... roles) {
    return sign(claims(subject, name, roles));
  }

  /** A token of a user called "Test User" with {@code roles}; no roles is a signed-in nobody. */
  public static String withRoles(String... roles) {
    return token("user-" + String.join("-", roles), "Test User", roles);
  }

  /** A token that expired a minute ago (beyond any clock skew the services allow). */
  public static String expired(String... roles) {
    return sign(
        claims("expired-user", "Expired User", roles)
            .issuedAt(Instant.now().minusSeconds(900))
            .expiresAt(Instant.now().minusSeconds(600)));
  }

  /** A token signed by the test issuer's key but naming another issuer. */
  public static String fromIssuer(String issuer, String... roles) {
    return sign(claims("other-issuer-user", "Other Issuer", roles).issuer(issuer));
  }

  /** A token for another audience (another API of the same provider). */
  public static String forAudience(String audience, String... roles) {
    return sign(claims("other-audience-user", "Other Audience", roles).audience(audience));
  }

  /** A token that claims the right issuer but is signed by a key the issuer does not publish. */
  public static String signedByAnotherKey(String... roles) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      PrivateKey key = generator.generateKeyPair().getPrivate();
      return claims("forger", "Forger", roles).jws().keyId(KEY_ID).sign(key);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JwtClaimsBuilder claims(String subject, String name, String... roles) {
    return Jwt.issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .preferredUserName(subject)
        .claim("name", name)
        .claim("roles", Set.of(roles))
        .issuedAt(Instant.now())
        .expiresAt(Instant.now().plusSeconds(600));
  }

  private static String sign(JwtClaimsBuilder claims) {
    try {
      PrivateKey key =
          (PrivateKey) KeyUtils.readSigningKey("privateKey.jwk", KEY_ID, SignatureAlgorithm.RS256);
      return claims.jws().keyId(KEY_ID).sign(key);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot sign a test token with the OIDC test server's key", e);
    }
  }
}
