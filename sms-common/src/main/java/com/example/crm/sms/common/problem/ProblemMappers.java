package com.example.crm.sms.common.problem;

import com.example.crm.sms.common.db.SqlStates;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every error into an {@code application/problem+json} answer. A client's mistake is a 4xx
 * naming the field; the database out of reach is a 503 with Retry-After; anything else is a 500
 * that names no class and logs an id to find it by.
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  /** How long a client should wait before trying again while the database is out of reach. */
  static final int RETRY_AFTER_SECONDS = 5;

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return respond(e.problem(), uri);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri) {
    // Quarkus wraps a body that is not JSON at all in a 400 WebApplicationException.
    if (e.getCause() instanceof JsonProcessingException json) {
      return unreadableJson(json, uri);
    }
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return unexpected(e, uri);
    }
    String title =
        Response.Status.fromStatusCode(status) != null
            ? Response.Status.fromStatusCode(status).getReasonPhrase()
            : "Error";
    String detail =
        switch (status) {
          case 404 -> "No resource at " + uri.getPath();
          case 405 -> "This method is not allowed on " + uri.getPath();
          case 406 -> "The requested media type is not available";
          case 413 -> "The request body is too large";
          case 415 -> "This content type is not supported here";
          default -> e.getMessage() == null ? title : e.getMessage();
        };
    return respond(Problem.of(status, title, detail), uri);
  }

  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
    String field = null;
    if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      field =
          m.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."));
    }
    String detail =
        field == null
            ? "The request body is not valid JSON"
            : e instanceof InvalidFormatException
                ? "Field '" + field + "' has a value of the wrong type"
                : "Field '" + field + "' cannot be read";
    return respond(
        field == null
            ? Problem.of(400, "Bad Request", detail)
            : Problem.forField(400, "Bad Request", field, detail),
        uri);
  }

  /** Outranks Quarkus's own mapper of this type, which answers 400 with no body. */
  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
    return unreadableJson(e, uri);
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(
                v -> {
                  String path = v.getPropertyPath().toString();
                  // Strip the method and parameter name ("send.request.to" -> "to").
                  String[] parts = path.split("\\.");
                  String field =
                      parts.length > 2
                          ? path.substring(path.indexOf('.', path.indexOf('.') + 1) + 1)
                          : parts[parts.length - 1];
                  return new Problem.FieldError(field, v.getMessage());
                })
            .sorted((a, b) -> a.field().compareTo(b.field()))
            .toList();
    String detail =
        errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    Problem p =
        new Problem(
            "about:blank",
            "Bad Request",
            400,
            detail,
            null,
            errors.isEmpty() ? null : errors.get(0).field(),
            errors);
    return respond(p, uri);
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e, UriInfo uri) {
    if (SqlStates.unreachable(e)) {
      LOG.warnf("Database unreachable on %s: %s", uri == null ? null : uri.getPath(), e);
      Response problem =
          respond(
              Problem.of(
                  503,
                  "Service Unavailable",
                  "The database cannot be reached just now; try again shortly."),
              uri);
      return Response.fromResponse(problem).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
    String id = UUID.randomUUID().toString();
    LOG.errorf(e, "Unexpected error %s on %s", id, uri.getPath());
    return respond(
        Problem.of(500, "Internal Server Error", "Unexpected error; reference " + id), uri);
  }

  private static Response respond(Problem problem, UriInfo uri) {
    Problem withInstance = problem.at(uri == null ? null : uri.getPath());
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(withInstance).build();
  }
}
