package com.example.crm.sms.security;

import com.example.crm.sms.common.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The answers of the signed-in APIs to a caller who is not allowed, as problem+json: 401 with a
 * Bearer challenge when there is no valid token (none, expired, another issuer or audience, a bad
 * signature), 403 naming the role needed when the token lacks it. Authentication is not proactive
 * (application.properties), so these failures happen inside RESTEasy and reach these mappers.
 */
public class SecurityProblemMappers {

  static final String CHALLENGE = "Bearer realm=\"sms\"";

  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
    return unauthenticated(uri, headers);
  }

  @ServerExceptionMapper
  public Response authenticationFailed(
      AuthenticationFailedException e, UriInfo uri, HttpHeaders headers) {
    return unauthenticated(uri, headers);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
    String role = neededRole(resource);
    Problem problem =
        Problem.of(
                403,
                "Forbidden",
                role == null
                    ? "Your sign-in does not allow this"
                    : "This needs the role " + role + ", which your sign-in does not have")
            .at(uri.getPath());
    return Response.status(403)
        .type(Problem.MEDIA_TYPE)
        .entity(role == null ? problem : withRole(problem, role))
        .build();
  }

  private static Response unauthenticated(UriInfo uri, HttpHeaders headers) {
    boolean presented = headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
    String detail =
        presented
            ? "The bearer token is not valid here (expired, from another issuer or for another"
                + " audience, or not signed by the issuer): sign in again"
            : "Sign in: this API needs an OpenID Connect bearer token";
    return Response.status(401)
        .header(
            HttpHeaders.WWW_AUTHENTICATE,
            presented ? CHALLENGE + ", error=\"invalid_token\"" : CHALLENGE)
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(401, "Unauthorized", detail).at(uri.getPath()))
        .build();
  }

  /** The lowest role the resource method allows (the roles are a hierarchy). */
  static String neededRole(ResourceInfo resource) {
    if (resource == null) {
      return null;
    }
    Method method = resource.getResourceMethod();
    RolesAllowed allowed = method == null ? null : method.getAnnotation(RolesAllowed.class);
    if (allowed == null && resource.getResourceClass() != null) {
      allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
    }
    if (allowed == null) {
      return null;
    }
    return Arrays.stream(allowed.value())
        .min(Comparator.comparingInt(r -> Roles.ALL.indexOf(r) < 0 ? 99 : Roles.ALL.indexOf(r)))
        .orElse(null);
  }

  private static Problem withRole(Problem p, String role) {
    return new Problem(
        p.type(),
        p.title(),
        p.status(),
        p.detail(),
        p.instance(),
        null,
        java.util.List.of(new Problem.FieldError("role", role)));
  }
}
