package com.example.crm.sms.ingest.rest;

import com.example.crm.sms.common.http.JsonBodyLimit;
import com.example.crm.sms.common.problem.ProblemResponses;
import com.example.crm.sms.ingest.rest.WebhookMetrics.Kind;
import com.example.crm.sms.ingest.rest.WebhookMetrics.Reason;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The size and type limits of the webhooks, with problem+json answers and metrics. The limit is
 * quarkus.http.limits.max-body-size (SMS_INGEST_MAX_BODY_SIZE), for a declared Content-Length and
 * for a chunked body alike. (Headers over quarkus.http.limits.max-header-size, a request line over
 * max-initial-line-length and a malformed Content-Length never get here: Vert.x answers them, 431,
 * 414 and 400 with no body, before any route runs.)
 */
@ApplicationScoped
public class WebhookLimits {

  /** The routing-context key of the buffered request body. */
  static final String BODY = "ingest.raw-body";

  /**
   * The routing-context key of the request's arrival (System.nanoTime()), taken by the first
   * handler of ours: the publish timeout runs from it (rule 1).
   */
  static final String ARRIVED = "ingest.arrived";

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
        .handler(this::bufferBody);
  }

  /**
   * Buffers the raw body for {@link TwilioWebhookResource} under {@link #BODY}, refusing a declared
   * Content-Length over the limit at once and a chunked body as soon as it passes the limit.
   * (Vert.x's BodyHandler would also decode the form, a second time, with its own per-field limit.)
   */
  private void bufferBody(RoutingContext rc) {
    rc.put(ARRIVED, System.nanoTime());
    HttpServerRequest request = rc.request();
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && exceeds(declared)) {
      tooLarge(rc);
      return;
    }
    Buffer body = Buffer.buffer();
    AtomicBoolean refused = new AtomicBoolean();
    request.handler(
        chunk -> {
          if (refused.get()) {
            return;
          }
          if ((long) body.length() + chunk.length() > maxBodyBytes) {
            refused.set(true);
            tooLarge(rc);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        ignored -> {
          if (!refused.get()) {
            rc.put(BODY, body);
            rc.next();
          }
        });
    request.resume();
  }

  private void tooLarge(RoutingContext rc) {
    metrics.rejected(Kind.ofPath(rc.normalizedPath()), Reason.TOO_LARGE);
    // The shared 413 of every service; the connection closes, as the rest of the body is unread.
    ProblemResponses.send(rc, JsonBodyLimit.tooLarge(maxBodyBytes), true);
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
