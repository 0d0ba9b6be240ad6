package com.example.crm.sms.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a {@link Problem} straight to a Vert.x response, for answers given before RESTEasy is
 * reached (body limits, a webhook's own checks). RESTEasy's answers go through {@link
 * ProblemMappers}; both produce the same JSON.
 */
public final class ProblemResponses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProblemResponses() {}

  /** The problem's JSON, with {@code instance} set to the request path. */
  public static String json(Problem problem, String path) {
    try {
      return JSON.writeValueAsString(problem.at(path));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Ends the exchange with the problem; {@code close} also closes the connection (after a body that
   * was not read to its end).
   */
  public static void send(RoutingContext rc, Problem problem, boolean close) {
    var response =
        rc.response()
            .setStatusCode(problem.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    response.end(json(problem, rc.normalizedPath()));
  }
}
