import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A fake Twilio Messages API on 127.0.0.1 that answers every create with 201 at once and records
 * (From, arrival time); GET /stats lists them. Writes its base URL to args[0].
 */
public class BenchFakeTwilio {
  record Arrival(String from, long nanos) {}

  public static void main(String[] args) throws Exception {
    List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/stats",
        ex -> {
          StringBuilder out = new StringBuilder();
          arrivals.forEach(a -> out.append(a.from()).append(' ').append(a.nanos()).append('\n'));
          byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
          }
        });
    server.createContext(
        "/2010-04-01",
        ex -> {
          long now = System.nanoTime();
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String from = "";
          for (String pair : body.split("&")) {
            if (pair.startsWith("From=")) {
              from = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
          }
          arrivals.add(new Arrival(from, now));
          String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
          byte[] bytes =
              ("{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"num_segments\":\"1\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(201, bytes.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
          }
        });
    server.start();
    Files.writeString(Path.of(args[0]), "http://127.0.0.1:" + server.getAddress().getPort());
    Thread.currentThread().join();
  }
}
