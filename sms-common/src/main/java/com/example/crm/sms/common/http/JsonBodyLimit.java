package com.example.crm.sms.common.http;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemResponses;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The body limit of a JSON API, answered as problem+json before anything is read: a declared
 * Content-Length over the limit is a 413, and a body without a Content-Length (chunked) is a 411,
 * so no JSON body is ever read past the limit. Install it on the API's routes just before Quarkus's
 * own upload limit ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1}), which would answer 413
 * with no body.
 */
public final class JsonBodyLimit implements Handler<RoutingContext> {

  private final long maxBytes;

  public JsonBodyLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null) {
      if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
        ProblemResponses.send(
            rc,
            Problem.of(411, "Length Required", "A request body needs a Content-Length header here"),
            true);
        return;
      }
      rc.next();
      return;
    }
    long length;
    try {
      length = Long.parseLong(declared.strip());
    } catch (NumberFormatException e) {
      ProblemResponses.send(
          rc,
          Problem.forField(400, "Bad Request", "Content-Length", "Content-Length is not a number"),
          true);
      return;
    }
    if (length > maxBytes) {
      ProblemResponses.send(rc, tooLarge(maxBytes), true);
      return;
    }
    rc.next();
  }

  /** The 413 problem of a body over {@code maxBytes}. */
  public static Problem tooLarge(long maxBytes) {
    return Problem.of(
        413, "Content Too Large", "The request body is larger than " + maxBytes + " bytes");
  }
}
