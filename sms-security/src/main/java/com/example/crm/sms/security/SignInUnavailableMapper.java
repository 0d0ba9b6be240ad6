package com.example.crm.sms.security;

import com.example.crm.sms.common.problem.Problem;
import io.quarkus.oidc.OIDCException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The OpenID Connect provider could not be reached to verify a token (its discovery or keys): a 503
 * with Retry-After, as for any dependency that is down, not the 500 of a bug, and never the 401
 * that would send a signed-in user to sign in again. Quarkus retries the provider on the next call.
 */
public class SignInUnavailableMapper {

  static final String RETRY_AFTER_SECONDS = "5";

  @ServerExceptionMapper
  public Response providerUnavailable(OIDCException e, UriInfo uri) {
    return Response.status(503)
        .type(Problem.MEDIA_TYPE)
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .entity(
            Problem.of(
                    503,
                    "Service Unavailable",
                    "The sign-in provider cannot be reached to check the token; try again shortly")
                .at(uri == null ? null : uri.getPath()))
        .build();
  }
}
