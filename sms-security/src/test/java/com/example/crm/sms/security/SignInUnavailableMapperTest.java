package com.example.crm.sms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.common.problem.Problem;
import io.quarkus.oidc.OIDCException;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * A provider that cannot be reached is the service's outage, not the caller's (the path itself was
 * checked by hand: an issuer on a closed port answers a signed-in call with this 503).
 */
class SignInUnavailableMapperTest {

  private static UriInfo at(String path) {
    return (UriInfo)
        Proxy.newProxyInstance(
            UriInfo.class.getClassLoader(),
            new Class<?>[] {UriInfo.class},
            (proxy, method, args) -> "getPath".equals(method.getName()) ? path : null);
  }

  @Test
  void anUnreachableProviderIsA503WithRetryAfterNotA500OrA401() {
    var response =
        new SignInUnavailableMapper()
            .providerUnavailable(new OIDCException("OIDC Server is not available"), at("/api/x"));
    assertEquals(503, response.getStatus());
    assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
    assertEquals("5", response.getHeaderString("Retry-After"));
    Problem problem = (Problem) response.getEntity();
    assertEquals(503, problem.status());
    assertEquals("/api/x", problem.instance());
  }
}
