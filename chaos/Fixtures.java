import com.example.crm.sms.testsupport.db.DatabaseProxy;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The fault check's stand-ins (chaos/run.sh), in one JVM: a fake api.twilio.com that records every
 * Messages create (time, SID, To, Body) to CREATES_FILE and answers as Twilio does, or slowly (5 s),
 * or 503 on command; and test-support's cuttable TCP proxy to PostgreSQL (its port written to
 * DB_PORT_FILE). Commands: POST /_chaos/twilio/{normal,slow,outage}, /_chaos/db/{down,up}; GET
 * /_chaos/creates lists the creates (epoch-ms, SID, To, Body; tab-separated).
 *
 * <pre>java -cp test-support/target/classes chaos/Fixtures.java TWILIO_PORT DB_PORT_FILE CREATES_FILE</pre>
 */
public final class Fixtures {

  private record Created(long at, String sid, String to, String from, String body) {}

  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);
  private static final String ACCOUNT = "AC" + "0".repeat(31) + "1";

  private final List<Created> created = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private final PrintWriter createsFile;
  private volatile String mode = "normal";

  private Fixtures(PrintWriter createsFile) {
    this.createsFile = createsFile;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    DatabaseProxy db = DatabaseProxy.shared();
    Files.writeString(Path.of(args[1]), Integer.toString(db.port()));
    Fixtures fixtures =
        new Fixtures(new PrintWriter(Files.newBufferedWriter(Path.of(args[2])), true));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/_chaos/",
        exchange -> {
          String command = exchange.getRequestURI().getPath().substring("/_chaos/".length());
          switch (command) {
            case "twilio/normal", "twilio/slow", "twilio/outage" ->
                fixtures.mode = command.substring("twilio/".length());
            case "db/down" -> db.down();
            case "db/up" -> db.up();
            case "creates" -> {
              respond(exchange, 200, "text/plain", fixtures.dump());
              return;
            }
            default -> {
              respond(exchange, 404, "text/plain", "unknown command\n");
              return;
            }
          }
          System.out.println(Instant.now() + " " + command);
          respond(exchange, 200, "text/plain", command + "\n");
        });
    server.createContext("/", fixtures::twilio);
    server.start();
    System.out.println("fixtures: fake Twilio on " + port + ", PostgreSQL proxy on " + db.port());
  }

  private String dump() {
    StringBuilder out = new StringBuilder();
    for (Created c : created) {
      out.append(c.at()).append('\t').append(c.sid()).append('\t').append(c.to()).append('\t');
      out.append(c.body().replace('\t', ' ').replace('\n', ' ')).append('\n');
    }
    return out.toString();
  }

  private void twilio(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Map<String, String> form =
        parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String current = mode;
    if (current.equals("slow")) {
      sleep(5000);
    }
    if (current.equals("outage")) {
      respond(
          exchange,
          503,
          "application/json",
          "{\"code\":20503,\"message\":\"Service unavailable\",\"more_info\":"
              + "\"https://www.twilio.com/docs/errors/20503\",\"status\":503}");
      return;
    }
    if (method.equals("POST") && path.endsWith("/Messages.json")) {
      String sid = "SM" + HexFormat.of().formatHex(id());
      Created c =
          new Created(
              System.currentTimeMillis(),
              sid,
              form.getOrDefault("To", ""),
              form.get("From"),
              form.getOrDefault("Body", ""));
      created.add(c);
      synchronized (createsFile) {
        createsFile.printf("%d\t%s\t%s\t%s%n", c.at(), sid, c.to(), c.body().replace('\t', ' '));
      }
      respond(exchange, 201, "application/json", message(c, "queued"));
      return;
    }
    if (method.equals("GET") && path.endsWith("/Messages.json")) {
      respond(exchange, 200, "application/json", list(path, exchange.getRequestURI().getRawQuery()));
      return;
    }
    String sid = path.substring(path.lastIndexOf('/') + 1).replace(".json", "");
    Created known = created.stream().filter(c -> c.sid().equals(sid)).findFirst().orElse(null);
    if (known == null) {
      respond(
          exchange,
          404,
          "application/json",
          "{\"code\":20404,\"message\":\"not found\",\"more_info\":"
              + "\"https://www.twilio.com/docs/errors/20404\",\"status\":404}");
      return;
    }
    respond(exchange, 200, "application/json", message(known, "delivered"));
  }

  private byte[] id() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return id;
  }

  /** Twilio's list of messages (one page, newest first), filtered by To, From and DateSent>. */
  private String list(String path, String rawQuery) {
    Map<String, String> query = parse(rawQuery == null ? "" : rawQuery);
    String to = query.get("To");
    String from = query.get("From");
    String after = query.get("DateSent>");
    long since =
        after == null ? 0 : LocalDateTime.parse(after).toInstant(ZoneOffset.UTC).toEpochMilli();
    List<String> items = new ArrayList<>();
    List<Created> all = new ArrayList<>(created);
    for (int i = all.size() - 1; i >= 0; i--) {
      Created c = all.get(i);
      if ((to == null || to.equals(c.to()))
          && (from == null || from.equals(c.from()))
          && c.at() >= since - 999) {
        items.add(message(c, "delivered"));
      }
    }
    return "{\"messages\":["
        + String.join(",", items)
        + "],\"uri\":\""
        + path
        + "\",\"first_page_uri\":\""
        + path
        + "\",\"next_page_uri\":null,\"previous_page_uri\":null,\"page\":0,\"page_size\":1000,"
        + "\"start\":0,\"end\":"
        + Math.max(0, items.size() - 1)
        + "}";
  }

  private static String message(Created c, String status) {
    String date = RFC_2822.format(Instant.ofEpochMilli(c.at()).atZone(ZoneOffset.UTC));
    return "{\"sid\":\""
        + c.sid()
        + "\",\"account_sid\":\""
        + ACCOUNT
        + "\",\"status\":\""
        + status
        + "\",\"to\":\""
        + c.to()
        + "\",\"from\":"
        + (c.from() == null ? "null" : "\"" + c.from() + "\"")
        + ",\"body\":\""
        + c.body().replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"date_created\":\""
        + date
        + "\",\"date_sent\":\""
        + date
        + "\",\"num_segments\":\"1\",\"error_code\":null,\"error_message\":null,"
        + "\"api_version\":\"2010-04-01\"}";
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.sendResponseHeaders(status, bytes.length);
      out.write(bytes);
    } catch (IOException e) {
      // The gateway gave up waiting (its read timeout): nothing to answer.
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
      form.put(
          key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
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
