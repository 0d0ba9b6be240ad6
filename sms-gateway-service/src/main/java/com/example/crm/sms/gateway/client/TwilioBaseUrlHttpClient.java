package com.example.crm.sms.gateway.client;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The SDK's HTTP client with two changes. It makes exactly one attempt: neither the Apache client
 * (automatic retries off) nor the SDK's own {@code reliableRequest} repeats a request; the latter
 * repeats one that got a 5xx, which for a message create could send the text twice (rule 6,
 * docs/architecture.md). And, when a base URL is configured, it sends to that instead of
 * https://api.twilio.com (an operator's proxy, or the fake Twilio of the tests).
 */
public class TwilioBaseUrlHttpClient extends NetworkHttpClient {

  private final String baseUrl;

  public TwilioBaseUrlHttpClient(String baseUrl, Timeout connect, Timeout read) {
    // Built here rather than by the SDK's default constructor, whose Apache client keeps its
    // default retry strategy: that re-POSTs a create answered 429 or 503 after a second, a
    // hidden second attempt (and for a 503 maybe a second text).
    super(
        HttpClientBuilder.create()
            .useSystemProperties()
            .disableAutomaticRetries()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).build())
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(connect)
                            .setSocketTimeout(read)
                            .build())
                    .setMaxConnPerRoute(20)
                    .setMaxConnTotal(100)
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setResponseTimeout(read)
                    .setConnectionRequestTimeout(connect)
                    .build()));
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : stripSlash(baseUrl);
  }

  @Override
  public Response reliableRequest(Request request) {
    return makeRequest(request);
  }

  @Override
  public Response reliableRequest(Request request, int[] codes, int retries, long delay) {
    return makeRequest(request);
  }

  @Override
  public Response makeRequest(Request request) {
    return super.makeRequest(baseUrl == null ? request : rewrite(request));
  }

  private Request rewrite(Request original) {
    URI uri = URI.create(original.constructURL().toString());
    String target =
        baseUrl + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    Request copy = new Request(original.getMethod(), target);
    if (original.getAuthStrategy() != null) {
      copy.setAuth(original.getAuthStrategy());
    } else if (original.getUsername() != null) {
      copy.setAuth(original.getUsername(), original.getPassword());
    }
    copy.setContentType(original.getContentType());
    if (original.getBody() != null) {
      copy.setBody(original.getBody());
    }
    copy.setUserAgentExtensions(original.getUserAgentExtensions());
    copyParams(original.getPostParams(), copy::addPostParam);
    copyParams(original.getHeaderParams(), copy::addHeaderParam);
    return copy;
  }

  private static void copyParams(
      Map<String, List<String>> params, java.util.function.BiConsumer<String, String> add) {
    params.forEach((name, values) -> values.forEach(v -> add.accept(name, v)));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
