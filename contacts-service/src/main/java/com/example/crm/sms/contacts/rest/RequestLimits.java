package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.common.http.JsonBodyLimit;
import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemResponses;
import com.example.crm.sms.contacts.config.ApiLimitsConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * The request limits (rule 8, docs/architecture.md), answered as problem+json before the body is
 * read and just ahead of Quarkus's own upload limit, which would answer 413 with no body: the
 * headers of every request (431 naming the largest header) and the JSON body of {@code /api/*}
 * ({@link JsonBodyLimit}: 413 over the limit, 411 without a Content-Length).
 */
@ApplicationScoped
public class RequestLimits {

  private final long maxBodyBytes;
  private final long maxHeaderBytes;

  public RequestLimits(ApiLimitsConfig config) {
    this.maxBodyBytes = config.maxBodySize().asLongValue();
    this.maxHeaderBytes = config.maxHeaderSize().asLongValue();
  }

  void install(@Observes Router router) {
    router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::checkHeaders);
    router
        .route("/api/*")
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
        .handler(new JsonBodyLimit(maxBodyBytes));
  }

  private void checkHeaders(RoutingContext rc) {
    long total = 0;
    Map.Entry<String, String> largest = null;
    for (Map.Entry<String, String> header : rc.request().headers()) {
      total += size(header);
      if (largest == null || size(header) > size(largest)) {
        largest = header;
      }
    }
    if (total <= maxHeaderBytes) {
      rc.next();
      return;
    }
    String name = largest.getKey();
    ProblemResponses.send(
        rc,
        Problem.forField(
            431,
            "Request Header Fields Too Large",
            name,
            String.format(
                "The request headers are %d bytes, more than the %d allowed; the largest is '%s'"
                    + " (%d bytes)",
                total, maxHeaderBytes, name, size(largest))),
        true);
  }

  /** As the header travels: name, ": ", value and CRLF. */
  private static long size(Map.Entry<String, String> header) {
    return header.getKey().length() + header.getValue().length() + 4L;
  }
}
