package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.common.http.JsonBodyLimit;
import com.example.crm.sms.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The JSON API's body limit (SMS_GATEWAY_API_MAX_BODY_SIZE; the campaign routes, which take 10,000
 * recipients, SMS_GATEWAY_API_MAX_CAMPAIGN_BODY_SIZE), answered as problem+json before the body is
 * read: just ahead of Quarkus's own upload limit (the larger size, set in application.properties),
 * which would answer 413 with an empty body.
 */
@ApplicationScoped
public class ApiBodyLimitRoute {

  private final JsonBodyLimit api;
  private final JsonBodyLimit campaigns;

  public ApiBodyLimitRoute(GatewayConfig config) {
    this.api = new JsonBodyLimit(config.api().maxBodySize().asLongValue());
    this.campaigns = new JsonBodyLimit(config.api().maxCampaignBodySize().asLongValue());
  }

  void install(@Observes Router router) {
    router
        .route("/api/*")
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
        .handler(
            rc -> (rc.normalizedPath().startsWith("/api/campaigns") ? campaigns : api).handle(rc));
  }
}
