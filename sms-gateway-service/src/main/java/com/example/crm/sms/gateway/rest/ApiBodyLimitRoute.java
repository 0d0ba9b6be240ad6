package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.common.http.JsonBodyLimit;
import com.example.crm.sms.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The JSON API's body limit (SMS_GATEWAY_API_MAX_BODY_SIZE), answered as problem+json before the
 * body is read: just ahead of Quarkus's own upload limit (the same size, set in
 * application.properties), which would answer 413 with an empty body.
 */
@ApplicationScoped
public class ApiBodyLimitRoute {

  private final long maxBytes;

  public ApiBodyLimitRoute(GatewayConfig config) {
    this.maxBytes = config.api().maxBodySize().asLongValue();
  }

  void install(@Observes Router router) {
    router
        .route("/api/*")
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
        .handler(new JsonBodyLimit(maxBytes));
  }
}
