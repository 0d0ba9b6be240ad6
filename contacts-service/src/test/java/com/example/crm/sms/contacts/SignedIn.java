package com.example.crm.sms.contacts;

import com.example.crm.sms.security.Roles;
import com.example.crm.sms.testsupport.oidc.TestTokens;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.time.Duration;
import java.time.Instant;

/**
 * Signs the tests' requests in: every RestAssured request (see {@link SignInEveryRequest}) that
 * names no {@code Authorization} of its own carries an admin's bearer token, so the tests written
 * before sign-in keep their assertions. A test that must send no token says {@code
 * given().noFiltersOfType(SignedIn.class)}.
 */
public final class SignedIn implements Filter {

  public static final String ADMIN_SUBJECT = "test-admin";
  public static final String ADMIN_NAME = "Test Admin";

  /** Test tokens live ten minutes; a fresh one well before that. */
  private static final Duration RENEW_AFTER = Duration.ofMinutes(4);

  private static String adminToken;
  private static Instant signedAt = Instant.EPOCH;

  /** The admin's header value, "Bearer ...". Only sms-admin: the hierarchy gives the rest. */
  public static synchronized String admin() {
    if (Instant.now().isAfter(signedAt.plus(RENEW_AFTER))) {
      adminToken = TestTokens.token(ADMIN_SUBJECT, ADMIN_NAME, Roles.ADMIN);
      signedAt = Instant.now();
    }
    return bearer(adminToken);
  }

  public static String bearer(String token) {
    return "Bearer " + token;
  }

  @Override
  public Response filter(
      FilterableRequestSpecification request,
      FilterableResponseSpecification response,
      FilterContext context) {
    if (!request.getHeaders().hasHeaderWithName("Authorization")) {
      request.header("Authorization", admin());
    }
    return context.next(request, response);
  }
}
