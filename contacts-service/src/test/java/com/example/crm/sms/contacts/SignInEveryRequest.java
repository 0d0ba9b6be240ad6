package com.example.crm.sms.contacts;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * The one place the tests' RestAssured requests get their token: before the first test of any
 * {@code @QuarkusTest} (registered in META-INF/services, so it runs in the test's class loader),
 * {@link SignedIn} becomes one of RestAssured's default filters, which every request copies.
 */
public class SignInEveryRequest implements QuarkusTestBeforeEachCallback {

  @Override
  public void beforeEach(QuarkusTestMethodContext context) {
    synchronized (RestAssured.class) {
      if (RestAssured.filters().stream().noneMatch(SignedIn.class::isInstance)) {
        RestAssured.filters(new SignedIn());
      }
    }
  }
}
