package com.example.crm.sms.ingest.rest;

import com.example.crm.sms.ingest.service.WebhookMetrics;
import com.example.crm.sms.ingest.service.WebhookMetrics.Kind;
import com.example.crm.sms.ingest.service.WebhookMetrics.Reason;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The size and type limits of the webhooks, with problem+json answers and metrics. A body whose
 * Content-Length is over quarkus.http.limits.max-body-size is refused here before it is read; a
 * chunked body without Content-Length is cut off by Quarkus at the same limit (a bare 413).
 */
@ApplicationScoped
public class WebhookLimits {

  private final long maxBodyBytes;
  private final WebhookMetrics metrics;

  public WebhookLimits(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
      WebhookMetrics metrics) {
    this.maxBodyBytes = maxBodySize.asLongValue();
    this.metrics = metrics;
  }

  void installBodyLimit(@Observes Router router) {
    router
        .route("/twilio/*")
        // Before Quarkus's own upload limit, which answers 413 without a body.
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
        .handler(
            rc -> {
              String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length != null && exceeds(length)) {
                metrics.rejected(Kind.ofPath(rc.normalizedPath()), Reason.TOO_LARGE);
                rc.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(
                        "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                            + "\"detail\":\"The request body is larger than "
                            + maxBodyBytes
                            + " bytes\",\"instance\":\""
                            + rc.normalizedPath().replace("\"", "")
                            + "\"}");
              } else {
                rc.next();
              }
            });
  }

  private boolean exceeds(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false; // Vert.x itself rejects a malformed Content-Length.
    }
  }

  /** Counts the 415s that RESTEasy answers before the resource is reached. */
  @ServerResponseFilter
  public void countUnsupportedMediaType(
      ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() == 415) {
      String path = request.getUriInfo().getPath();
      if (path.startsWith("/twilio/")) {
        metrics.rejected(Kind.ofPath(path), Reason.UNSUPPORTED_MEDIA_TYPE);
      }
    }
  }
}
