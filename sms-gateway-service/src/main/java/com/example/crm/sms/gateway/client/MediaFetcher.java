package com.example.crm.sms.gateway.client;

import com.example.crm.sms.gateway.config.CarrierSecrets;
import com.example.crm.sms.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Fetches a media item from the carrier with the account's credentials (HTTP Basic: account SID and
 * auth token, as Twilio asks for its media), on the Vert.x client: nothing blocks, nothing goes to
 * disk. Every URL and redirect passes {@link MediaFetchGuard} first; the credentials go only to the
 * stored URL's origin (never to the CDN a redirect leads to). An item of declared length is
 * streamed as it arrives; one without (chunked) is read into memory up to the limit first, so that
 * an oversized one is still a clean 502.
 */
@ApplicationScoped
public class MediaFetcher {

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /**
   * An item whose answer arrived and passed the guard.
   *
   * @param contentType the carrier's Content-Type, or null
   * @param body its bytes, as they arrive (fails when the limit or the timeout is passed later)
   */
  public record Fetched(String contentType, Multi<Buffer> body) {}

  private final Vertx vertx;
  private final MediaFetchGuard guard;
  private final HttpClient client;
  private final Optional<String> authorization;

  public MediaFetcher(Vertx vertx, GatewayConfig config, CarrierSecrets secrets) {
    this.vertx = vertx;
    this.guard = MediaFetchGuard.of(config.media());
    this.client = vertx.createHttpClient(new HttpClientOptions().setForceSni(true));
    this.authorization =
        secrets
            .accountSid()
            .flatMap(
                sid ->
                    secrets
                        .authToken()
                        .map(
                            token ->
                                "Basic "
                                    + Base64.getEncoder()
                                        .encodeToString(
                                            (sid + ":" + token).getBytes(StandardCharsets.UTF_8))));
  }

  @PreDestroy
  void close() {
    client.closeAndForget();
  }

  /** The item at the stored URL; fails with {@link MediaFetchException} (502 or 504). */
  public Uni<Fetched> fetch(String url) {
    return Uni.createFrom()
        .deferred(
            () -> {
              URI first = guard.first(url);
              Attempt attempt = new Attempt();
              return hop(attempt, first, first, 0)
                  .onFailure()
                  .transform(attempt::classify)
                  .onFailure()
                  .invoke(attempt::end)
                  .onCancellation()
                  .invoke(attempt::end);
            });
  }

  private Uni<Fetched> hop(Attempt attempt, URI origin, URI uri, int followed) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(uri.toString())
            .setFollowRedirects(false)
            .setConnectTimeout(
                Math.max(
                    1, Math.min(guard.connectTimeout().toMillis(), attempt.remainingMillis())));
    if (MediaFetchGuard.sameOrigin(origin, uri)) {
      authorization.ifPresent(a -> options.putHeader(HttpHeaders.AUTHORIZATION.toString(), a));
    }
    return client
        .request(options)
        .chain(
            request -> {
              attempt.current(request);
              return request.send();
            })
        .chain(
            response -> {
              response.pause();
              try {
                return answered(attempt, origin, uri, followed, response);
              } catch (RuntimeException e) {
                drop(response);
                throw e;
              }
            });
  }

  private Uni<Fetched> answered(
      Attempt attempt, URI origin, URI uri, int followed, HttpClientResponse response) {
    int status = response.statusCode();
    if (REDIRECTS.contains(status)) {
      URI next = guard.redirect(uri, response.getHeader(HttpHeaders.LOCATION.toString()), followed);
      // Its body is of no interest: dropping the connection is cheaper than reading it.
      drop(response);
      return hop(attempt, origin, next, followed + 1);
    }
    if (status != 200) {
      throw MediaFetchException.refused(
          "the carrier answered " + status + " from " + uri.getHost());
    }
    Long length = length(response.getHeader(HttpHeaders.CONTENT_LENGTH.toString()));
    guard.checkLength(length);
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE.toString());
    HttpClientRequest request = response.request();
    long[] read = {0};
    Multi<Buffer> body =
        response
            .toMulti()
            .map(
                b -> {
                  read[0] += b.length();
                  guard.checkRead(read[0]);
                  return b.getDelegate();
                })
            .onFailure()
            .invoke(f -> request.reset())
            .onFailure()
            .transform(attempt::classify)
            .onCancellation()
            .invoke(() -> request.reset())
            .onTermination()
            .invoke(attempt::end);
    if (length != null) {
      return Uni.createFrom().item(new Fetched(type, body));
    }
    return body.collect()
        .in(Buffer::buffer, Buffer::appendBuffer)
        .map(all -> new Fetched(type, Multi.createFrom().item(all)));
  }

  /** Closes an answer whose body is not read; the reset is ours, so it is no error to log. */
  private static void drop(HttpClientResponse response) {
    response.exceptionHandler(ignored -> {});
    response.request().reset();
  }

  private static Long length(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** One fetch: its deadline over every hop and the body, and the request in flight. */
  private final class Attempt {
    private final long deadline = System.nanoTime() + guard.timeout().toNanos();
    private final long timer;
    private volatile HttpClientRequest current;
    private volatile boolean timedOut;

    Attempt() {
      timer =
          vertx.setTimer(
              guard.timeout().toMillis(),
              id -> {
                timedOut = true;
                HttpClientRequest request = current;
                if (request != null) {
                  request.reset();
                }
              });
    }

    long remainingMillis() {
      return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
    }

    void current(HttpClientRequest request) {
      current = request;
      if (timedOut) {
        request.reset();
      }
    }

    void end() {
      vertx.cancelTimer(timer);
    }

    Throwable classify(Throwable failure) {
      if (timedOut) {
        return MediaFetchException.timedOut(
            "the carrier did not answer within " + guard.timeout().toMillis() + " ms");
      }
      if (failure instanceof MediaFetchException) {
        return failure;
      }
      return MediaFetchException.refused(
          "the carrier could not be reached (" + failure.getClass().getSimpleName() + ")");
    }
  }
}
