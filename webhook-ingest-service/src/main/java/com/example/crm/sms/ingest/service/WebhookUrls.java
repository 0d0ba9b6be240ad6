package com.example.crm.sms.ingest.service;

/** The URL Twilio signed: where Twilio posted, not where this process happens to listen. */
public final class WebhookUrls {

  private WebhookUrls() {}

  /**
   * The configured public base URL plus the path this service saw and the raw query string.
   *
   * @param publicUrl e.g. https://sms.example.com or https://example.com/ingest
   * @param path the request path, e.g. /twilio/messages
   * @param rawQuery the query string as sent, without '?', or null
   */
  public static String fromPublicUrl(String publicUrl, String path, String rawQuery) {
    String base =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    return base + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
  }

  /**
   * The URL rebuilt from X-Forwarded-* headers (first value of each), or the public URL when the
   * proxy did not send X-Forwarded-Host.
   */
  public static String fromForwardedHeaders(
      String publicUrl,
      String forwardedProto,
      String forwardedHost,
      String forwardedPort,
      String forwardedPrefix,
      String path,
      String rawQuery) {
    String host = first(forwardedHost);
    if (host == null) {
      return fromPublicUrl(publicUrl, path, rawQuery);
    }
    String proto = first(forwardedProto);
    String scheme = proto == null ? "https" : proto.toLowerCase(java.util.Locale.ROOT);
    String port = first(forwardedPort);
    boolean hostHasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
    String authority = host;
    if (port != null && !hostHasPort && !isDefaultPort(scheme, port)) {
      authority = host + ":" + port;
    }
    String prefix = first(forwardedPrefix);
    String base = scheme + "://" + authority + (prefix == null ? "" : prefix);
    return fromPublicUrl(base, path, rawQuery);
  }

  private static boolean isDefaultPort(String scheme, String port) {
    return ("https".equals(scheme) && "443".equals(port))
        || ("http".equals(scheme) && "80".equals(port));
  }

  private static String first(String header) {
    if (header == null) {
      return null;
    }
    int comma = header.indexOf(',');
    String value = (comma < 0 ? header : header.substring(0, comma)).strip();
    return value.isEmpty() ? null : value;
  }
}
