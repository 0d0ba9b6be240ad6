package com.example.crm.sms.gateway.client;

import com.example.crm.sms.gateway.config.GatewayConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The media proxy's rules, without I/O: which URLs it may fetch (https to an allowed host, plain
 * http only to the hosts named for it), which redirects it follows (to an allowed URL, a few hops),
 * how large an item may be and how long a fetch may take. The proxy fetches with the account's
 * credentials, so a URL the carrier did not give (or a redirect off its hosts) is never requested.
 */
public final class MediaFetchGuard {

  private final Set<String> httpsHosts;
  private final Set<String> httpHosts;
  private final long maxBytes;
  private final Duration timeout;
  private final Duration connectTimeout;
  private final int maxRedirects;

  public MediaFetchGuard(
      List<String> httpsHosts,
      List<String> httpHosts,
      long maxBytes,
      Duration timeout,
      Duration connectTimeout,
      int maxRedirects) {
    this.httpsHosts = normalized(httpsHosts, 443);
    this.httpHosts = normalized(httpHosts, 80);
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.connectTimeout = connectTimeout;
    this.maxRedirects = maxRedirects;
  }

  public static MediaFetchGuard of(GatewayConfig.Media config) {
    return new MediaFetchGuard(
        config.allowedHosts(),
        config.httpHosts().orElse(List.of()),
        config.maxBytes().asLongValue(),
        config.timeout(),
        config.connectTimeout(),
        config.maxRedirects());
  }

  /** The stored URL, when the proxy may fetch it. */
  public URI first(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw MediaFetchException.refused("the media URL is no URL");
    }
    return allowed(uri, "the media URL");
  }

  /**
   * Where a redirect leads (a relative Location resolved against {@code from}), when the proxy may
   * follow it; {@code followed} counts the redirects followed before this one.
   */
  public URI redirect(URI from, String location, int followed) {
    if (followed >= maxRedirects) {
      throw MediaFetchException.refused("more than " + maxRedirects + " redirects");
    }
    if (location == null || location.isBlank()) {
      throw MediaFetchException.refused("a redirect without Location from " + from.getHost());
    }
    URI next;
    try {
      next = from.resolve(new URI(location.strip()));
    } catch (URISyntaxException e) {
      throw MediaFetchException.refused("a redirect to no URL from " + from.getHost());
    }
    return allowed(next, "a redirect from " + from.getHost());
  }

  /**
   * Whether the account's credentials go along to {@code next}: only to the origin they were first
   * sent to. A CDN's pre-signed URL needs none, and must never see them.
   */
  public static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  /** Refuses an item whose declared length is over the limit (null: not declared). */
  public void checkLength(Long declared) {
    if (declared != null && declared > maxBytes) {
      throw MediaFetchException.refused(
          "the item is " + declared + " bytes, over the limit of " + maxBytes);
    }
  }

  /** Refuses an item once the bytes read so far are over the limit. */
  public void checkRead(long read) {
    if (read > maxBytes) {
      throw MediaFetchException.refused("the item is over the limit of " + maxBytes + " bytes");
    }
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The whole fetch, redirects and body included. */
  public Duration timeout() {
    return timeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  private URI allowed(URI uri, String what) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null) {
      throw MediaFetchException.refused(what + " names no plain host");
    }
    String key = host.toLowerCase(Locale.ROOT) + ":" + port(uri);
    boolean ok =
        switch (scheme) {
          case "https" -> httpsHosts.contains(key);
          case "http" -> httpHosts.contains(key);
          default -> false;
        };
    if (!ok) {
      throw MediaFetchException.refused(
          what + " goes to " + scheme + "://" + key + ", not an allowed media host");
    }
    return uri;
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }

  /** host or host:port entries as host:port, lower case. */
  private static Set<String> normalized(List<String> entries, int defaultPort) {
    return entries.stream()
        .map(e -> e.strip().toLowerCase(Locale.ROOT))
        .filter(e -> !e.isEmpty())
        .map(e -> e.matches(".*:\\d+") ? e : e + ":" + defaultPort)
        .collect(Collectors.toUnmodifiableSet());
  }
}
