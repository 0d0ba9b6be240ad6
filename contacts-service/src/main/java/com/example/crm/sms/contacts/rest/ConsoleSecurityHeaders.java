package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.contacts.config.ConsoleConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The console's Content-Security-Policy, on every answer of the main port (the management pages
 * under /q/, whose Swagger UI runs inline scripts, are on the management port, which this does not
 * touch). Scripts and styles from the console's own files only, no inline script or handler, never
 * framed; calls to itself, to the gateway (send API, live stream) and to the sign-in provider's
 * origin (discovery, tokens). Built here because that origin is derived from the configured issuer.
 * The other security headers are Quarkus's own settings (application.properties).
 */
@ApplicationScoped
public class ConsoleSecurityHeaders {

  static final String HEADER = "Content-Security-Policy";

  private final String policy;

  public ConsoleSecurityHeaders(ConsoleConfig config) {
    Set<String> connect = new LinkedHashSet<>();
    connect.add("'self'");
    connect.add(config.gatewayOrigin());
    connect.add(origin(config.oidcIssuer()));
    this.policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
            + " connect-src "
            + String.join(" ", connect)
            + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }

  /** The policy every answer carries. */
  public String policy() {
    return policy;
  }

  void install(@Observes Router router) {
    // Ahead of RequestLimits, so that its early answers carry the policy too.
    router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 3).handler(this::addPolicy);
  }

  private void addPolicy(RoutingContext rc) {
    rc.response().headers().set(HEADER, policy);
    rc.next();
  }

  /** scheme://host[:port] of an http(s) URL (checked by ConsoleConfig at start). */
  static String origin(String url) {
    URI uri = URI.create(url);
    String origin =
        uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT);
    return uri.getPort() < 0 ? origin : origin + ":" + uri.getPort();
  }
}
