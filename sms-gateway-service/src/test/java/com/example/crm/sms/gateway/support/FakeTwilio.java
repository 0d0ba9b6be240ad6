package com.example.crm.sms.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for api.twilio.com (JDK HttpServer on 127.0.0.1): records every request the SDK
 * makes and answers from a script (per recipient for a create, per MessageSid for a fetch), else
 * with a created message, or for a fetch with the message delivered.
 */
public final class FakeTwilio {

  public static final String ACCOUNT_SID = "AC" + "0".repeat(31) + "1";
  public static final String AUTH_TOKEN = "test-auth-token-0000";
  public static final String FROM = "+15005550006";

  /** One request the SDK made; {@code query} holds its decoded query parameters. */
  public record Recorded(
      String method,
      String path,
      String authorization,
      Map<String, String> form,
      Map<String, String> query) {}

  /** A message the fake has as created, for Twilio's list of messages. */
  private record Created(
      String sid, String to, String from, String messagingServiceSid, String body, Instant at) {}

  /** A scripted answer: HTTP status, JSON body, delay before answering. */
  public record Reply(int status, String json, long delayMillis) {

    public static Reply error(int status, int code, String message) {
      return new Reply(
          status,
          "{\"code\":"
              + code
              + ",\"message\":\""
              + message
              + "\",\"more_info\":"
              + "\"https://www.twilio.com/docs/errors/"
              + code
              + "\",\"status\":"
              + status
              + "}",
          0);
    }

    public static Reply slow(long delayMillis) {
      return new Reply(201, null, delayMillis);
    }

    /** The answer to a fetch of message {@code sid}: Twilio has it in {@code status}. */
    public static Reply fetched(String sid, String status) {
      return new Reply(200, message(sid, status, Map.of()), 0);
    }
  }

  /** Twilio's 2010 API writes dates so: "Tue, 01 Dec 2026 19:05:00 +0000". */
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

  private static FakeTwilio instance;

  private final HttpServer server;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final List<String> createdTo = new CopyOnWriteArrayList<>();
  private final List<Created> created = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private volatile Reply outage;

  private FakeTwilio(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static synchronized FakeTwilio shared() {
    if (instance == null) {
      try {
        instance = new FakeTwilio(0);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  /** A fake of its own on a fixed port (a Twilio that comes back after an outage); stop it. */
  public static FakeTwilio startOn(int port) {
    try {
      return new FakeTwilio(port);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Answers every request with this reply until called with null (an outage of the API). */
  public void outage(Reply reply) {
    outage = reply;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers the next sends to {@code to} with these replies, in order. */
  public void script(String to, Reply... replies) {
    scripts.computeIfAbsent(to, k -> new ArrayDeque<>()).addAll(List.of(replies));
  }

  /** Answers the next fetches of message {@code sid} with these replies, in order. */
  public void scriptFetch(String sid, Reply... replies) {
    script(sid, replies);
  }

  /**
   * Makes the fake hold a message as if Twilio had created it {@code secondsAgo} (a send whose
   * answer never reached the gateway); its SID.
   */
  public String remember(String to, String from, String body, long secondsAgo) {
    String sid = newSid();
    created.add(new Created(sid, to, from, null, body, Instant.now().minusSeconds(secondsAgo)));
    return sid;
  }

  /** The list requests (GET .../Messages.json) that asked for messages to {@code to}. */
  public List<Recorded> listsTo(String to) {
    return requests.stream()
        .filter(r -> r.method().equals("GET") && r.path().endsWith("/Messages.json"))
        .filter(r -> to.equals(r.query().get("To")))
        .toList();
  }

  /** The creates (POST) of any message. */
  public int creates() {
    return (int) requests.stream().filter(r -> r.method().equals("POST")).count();
  }

  /** The fetches (GET) of message {@code sid}. */
  public List<Recorded> fetchesOf(String sid) {
    return requests.stream()
        .filter(r -> r.method().equals("GET") && r.path().endsWith("/Messages/" + sid + ".json"))
        .toList();
  }

  public List<Recorded> sendsTo(String to) {
    return requests.stream()
        .filter(r -> r.method().equals("POST") && to.equals(r.form().get("To")))
        .toList();
  }

  /** How many creates to {@code to} were answered with a created message (201). */
  public long createdFor(String to) {
    return createdTo.stream().filter(to::equals).count();
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> form = parse(body);
    Recorded recorded =
        new Recorded(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            form,
            parse(
                exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : exchange.getRequestURI().getRawQuery()));
    requests.add(recorded);
    String to = form.get("To");
    String path = exchange.getRequestURI().getPath();
    String sid = path.substring(path.lastIndexOf('/') + 1).replace(".json", "");
    String key = exchange.getRequestMethod().equals("GET") ? sid : to;
    Deque<Reply> script = key == null ? null : scripts.get(key);
    Reply reply = outage;
    if (reply == null) {
      synchronized (this) {
        reply = script == null ? null : script.poll();
      }
    }
    if (reply != null && reply.delayMillis() > 0) {
      sleep(reply.delayMillis());
    }
    if (reply != null && reply.json() != null) {
      respond(exchange, reply.status(), reply.json());
      return;
    }
    if (exchange.getRequestMethod().equals("GET") && path.endsWith("/Messages.json")) {
      respond(exchange, 200, list(path, recorded.query()));
      return;
    }
    if (exchange.getRequestMethod().equals("GET")) {
      respond(exchange, 200, message(sid, "delivered", Map.of()));
      return;
    }
    String newSid = newSid();
    if (to != null) {
      createdTo.add(to);
      created.add(
          new Created(
              newSid,
              to,
              form.get("From"),
              form.get("MessagingServiceSid"),
              form.get("Body"),
              Instant.now()));
    }
    respond(exchange, 201, message(newSid, "queued", form));
  }

  private String newSid() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return "SM" + HexFormat.of().formatHex(id);
  }

  /**
   * Twilio's list of messages (one page, newest first), filtered by To, From and "DateSent>" (the
   * SDK sends the time as yyyy-MM-ddTHH:mm:ss in UTC); every message counts as sent when created.
   */
  private String list(String path, Map<String, String> query) {
    String to = query.get("To");
    String from = query.get("From");
    String after = query.get("DateSent>");
    Instant since =
        after == null ? Instant.EPOCH : LocalDateTime.parse(after).toInstant(ZoneOffset.UTC);
    List<String> items = new ArrayList<>();
    List<Created> all = new ArrayList<>(created);
    all.sort(Comparator.comparing(Created::at).reversed());
    for (Created c : all) {
      if ((to == null || to.equals(c.to()))
          && (from == null || from.equals(c.from()))
          && !c.at().isBefore(since)) {
        items.add(listed(c));
      }
    }
    return "{\"messages\":["
        + String.join(",", items)
        + "],\"uri\":\""
        + path
        + "\",\"first_page_uri\":\""
        + path
        + "\",\"next_page_uri\":null,\"previous_page_uri\":null,\"page\":0,\"page_size\":50,"
        + "\"start\":0,\"end\":"
        + Math.max(0, items.size() - 1)
        + "}";
  }

  private static String listed(Created c) {
    String date = RFC_2822.format(c.at().atZone(ZoneOffset.UTC));
    return "{\"sid\":\""
        + c.sid()
        + "\",\"account_sid\":\""
        + ACCOUNT_SID
        + "\",\"status\":\"delivered\",\"to\":\""
        + c.to()
        + "\",\"from\":"
        + (c.from() == null ? "null" : "\"" + c.from() + "\"")
        + ",\"messaging_service_sid\":"
        + (c.messagingServiceSid() == null ? "null" : "\"" + c.messagingServiceSid() + "\"")
        + ",\"body\":\""
        + c.body().replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"date_created\":\""
        + date
        + "\",\"date_sent\":\""
        + date
        + "\",\"num_segments\":\"1\",\"error_code\":null,\"error_message\":null,"
        + "\"api_version\":\"2010-04-01\"}";
  }

  private static String message(String sid, String status, Map<String, String> form) {
    return "{\"sid\":\""
        + sid
        + "\",\"account_sid\":\""
        + ACCOUNT_SID
        + "\",\"status\":\""
        + status
        + "\",\"to\":\""
        + form.getOrDefault("To", "")
        + "\",\"from\":\""
        + form.getOrDefault("From", "")
        + "\",\"num_segments\":\"1\",\"error_code\":null,"
        + "\"error_message\":null,\"api_version\":\"2010-04-01\"}";
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // The client gave up waiting (the timeout test): nothing to answer.
    }
  }

  private static Map<String, String> parse(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(key, value);
    }
    return form;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
