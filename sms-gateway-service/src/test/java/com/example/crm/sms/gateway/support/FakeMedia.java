package com.example.crm.sms.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Local stand-ins for the hosts of Twilio's media (JDK HttpServer on 127.0.0.1): the API host that
 * stored media URLs name (it wants the account's HTTP Basic credentials, as Twilio's media does),
 * the CDN it redirects to (pre-signed: it refuses a request carrying credentials, as S3 does), and
 * a host the gateway must never reach. Each records the paths requested.
 */
public final class FakeMedia {

  /** A real PNG (1x1), served as the item. */
  public static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

  /** Larger than the tests' SMS_GATEWAY_MEDIA_MAX_BYTES (application.properties, %test). */
  public static final int OVERSIZED = 200_000;

  /** Longer than the tests' SMS_GATEWAY_MEDIA_TIMEOUT. */
  public static final long SLOW_MILLIS = 6_000;

  private static FakeMedia instance;

  private final Host api;
  private final Host cdn;
  private final Host forbidden;

  /** One fake host and what was asked of it. */
  public static final class Host {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private Host(Handler handler) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(executor);
      server.createContext(
          "/",
          exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            try (exchange) {
              handler.handle(exchange);
            } catch (IOException e) {
              // The gateway dropped the connection (a limit or its timeout): nothing to answer.
            }
          });
      server.start();
    }

    /** host:port, as SMS_GATEWAY_MEDIA_HTTP_HOSTS names it. */
    public String hostPort() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    public String url(String path) {
      return "http://" + hostPort() + path;
    }

    /** How often {@code path} was requested. */
    public long requests(String path) {
      return paths.stream().filter(path::equals).count();
    }
  }

  private interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private FakeMedia() throws IOException {
    cdn = new Host(FakeMedia::cdn);
    forbidden = new Host(e -> send(e, 200, "image/png", PNG));
    api = new Host(this::api);
  }

  public static synchronized FakeMedia shared() {
    if (instance == null) {
      try {
        instance = new FakeMedia();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  public Host api() {
    return api;
  }

  public Host cdn() {
    return cdn;
  }

  public Host forbidden() {
    return forbidden;
  }

  private void api(HttpExchange e) throws IOException {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (FakeTwilio.ACCOUNT_SID + ":" + FakeTwilio.AUTH_TOKEN)
                        .getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(e.getRequestHeaders().getFirst("Authorization"))) {
      send(e, 401, "application/json", "{\"code\":20003}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    switch (e.getRequestURI().getPath()) {
      case "/media/picture" -> send(e, 200, "image/png", PNG);
      case "/media/picture-chunked" -> {
        e.getResponseHeaders().set("Content-Type", "image/png");
        e.sendResponseHeaders(200, 0);
        try (OutputStream out = e.getResponseBody()) {
          out.write(PNG);
        }
      }
      case "/media/document" ->
          send(e, 200, "application/pdf", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII));
      case "/media/to-cdn" -> redirect(e, cdn.url("/signed/picture?X-Amz-Signature=abc"));
      case "/media/to-forbidden" -> redirect(e, forbidden.url("/stolen"));
      case "/media/loop" -> redirect(e, "/media/loop");
      case "/media/oversized" -> send(e, 200, "image/jpeg", new byte[OVERSIZED]);
      case "/media/oversized-chunked" -> {
        e.getResponseHeaders().set("Content-Type", "image/jpeg");
        e.sendResponseHeaders(200, 0);
        try (OutputStream out = e.getResponseBody()) {
          for (int sent = 0; sent < OVERSIZED; sent += 10_000) {
            out.write(new byte[10_000]);
          }
        }
      }
      case "/media/slow" -> {
        sleep(SLOW_MILLIS);
        send(e, 200, "image/png", PNG);
      }
      default -> send(e, 404, "application/json", "{\"code\":20404}".getBytes());
    }
  }

  /** A pre-signed URL: credentials on it are an error, as S3 answers. */
  private static void cdn(HttpExchange e) throws IOException {
    if (e.getRequestHeaders().containsKey("Authorization")) {
      send(e, 400, "text/plain", "credentials sent to the CDN".getBytes(StandardCharsets.UTF_8));
      return;
    }
    send(e, 200, "image/png", PNG);
  }

  private static void redirect(HttpExchange e, String location) throws IOException {
    e.getResponseHeaders().set("Location", location);
    e.sendResponseHeaders(307, -1);
  }

  private static void send(HttpExchange e, int status, String type, byte[] body)
      throws IOException {
    e.getResponseHeaders().set("Content-Type", type);
    e.sendResponseHeaders(status, body.length);
    try (OutputStream out = e.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
