import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live-stream fan-out benchmark. Args: gateway base URL, streams, rounds, the gateway's management
 * URL (metrics); every API call carries the bearer token in BENCH_TOKEN. Opens that many SSE
 * streams on one conversation (plain sockets on one selector thread), checks that one more is
 * refused with 503 when the gateway's cap equals the count, then per round queues one text to the
 * conversation and measures the time from the POST until every stream has received it, and the
 * database reads the gateway made for it (sms_gateway_stream_reads_total). Bounded: every wait has
 * a deadline, and the program exits when done.
 */
public class StreamFanout {

  static final String PHONE = "+12394260500";
  static final String AUTHORIZATION = "Bearer " + System.getenv("BENCH_TOKEN");
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final class Stream {
    final SocketChannel channel;
    final StringBuilder head = new StringBuilder();
    boolean ok;
    String tail = "";
    long gotAt;

    Stream(SocketChannel channel) {
      this.channel = channel;
    }
  }

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    int count = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    URI management = URI.create(args[3]);
    Selector selector = Selector.open();
    List<Stream> streams = new ArrayList<>();
    byte[] request =
        ("GET /api/conversations/"
                + PHONE
                + "/stream HTTP/1.1\r\nHost: "
                + base.getHost()
                + "\r\nAccept: text/event-stream\r\nAuthorization: "
                + AUTHORIZATION
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      SocketChannel c = SocketChannel.open(new InetSocketAddress(base.getHost(), base.getPort()));
      c.write(ByteBuffer.wrap(request));
      c.configureBlocking(false);
      Stream s = new Stream(c);
      c.register(selector, SelectionKey.OP_READ, s);
      streams.add(s);
    }
    pump(selector, streams, null, System.nanoTime() + Duration.ofSeconds(60).toNanos(), s -> s.ok);
    long opened = streams.stream().filter(s -> s.ok).count();
    System.out.printf(
        "opened %d of %d streams on %s in %d ms%n",
        opened, count, PHONE, (System.nanoTime() - t0) / 1_000_000);
    if (opened < count) {
      throw new IllegalStateException("not every stream opened");
    }
    awaitMetric(management, "sms_gateway_streams_open", count);
    HttpResponse<String> extra =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/api/conversations/" + PHONE + "/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", AUTHORIZATION)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    System.out.printf(
        "stream %d: HTTP %d, Retry-After %s%n",
        count + 1, extra.statusCode(), extra.headers().firstValue("Retry-After").orElse("-"));

    List<Double> alls = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      double readsBefore = metric(management, "sms_gateway_stream_reads_total");
      streams.forEach(s -> s.gotAt = 0);
      long start = System.nanoTime();
      HttpResponse<String> posted =
          HTTP.send(
              HttpRequest.newBuilder(base.resolve("/api/messages"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", AUTHORIZATION)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"to\":\"" + PHONE + "\",\"body\":\"Fan-out " + round + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long accepted = System.nanoTime();
      if (posted.statusCode() != 202) {
        throw new IllegalStateException("POST answered " + posted.statusCode() + posted.body());
      }
      Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(posted.body());
      m.find();
      String id = m.group(1);
      pump(selector, streams, id, System.nanoTime() + Duration.ofSeconds(30).toNanos(), s -> s.gotAt > 0);
      long[] at =
          streams.stream().mapToLong(s -> s.gotAt == 0 ? Long.MAX_VALUE : s.gotAt - start).sorted().toArray();
      long got = Arrays.stream(at).filter(v -> v != Long.MAX_VALUE).count();
      Thread.sleep(300);
      double reads = metric(management, "sms_gateway_stream_reads_total") - readsBefore;
      double all = at[at.length - 1] / 1e6;
      alls.add(all);
      System.out.printf(
          "round %d: %d/%d streams got the change; POST answered in %.1f ms; first %.1f ms, p50 %.1f ms,"
              + " all %.1f ms after the POST; database reads for it: %.0f%n",
          round,
          got,
          count,
          (accepted - start) / 1e6,
          at[0] / 1e6,
          at[at.length / 2] / 1e6,
          all,
          reads);
      if (got < count) {
        throw new IllegalStateException("not every stream got the change");
      }
    }
    alls.sort(null);
    System.out.printf(
        "%d streams, one conversation, one change: every stream had it %.1f ms after the POST"
            + " (median of %d rounds; best %.1f, worst %.1f)%n",
        count, alls.get(alls.size() / 2), rounds, alls.get(0), alls.get(alls.size() - 1));
    for (Stream s : streams) {
      s.channel.close();
    }
    awaitMetric(management, "sms_gateway_streams_open", 0);
    System.out.println("closed every stream; the gateway shows 0 open");
  }

  interface Done {
    boolean test(Stream s);
  }

  /** Reads every stream until each is done or the deadline passes. */
  static void pump(Selector selector, List<Stream> streams, String id, long deadline, Done done)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    while (System.nanoTime() < deadline && !streams.stream().allMatch(done::test)) {
      selector.select(100);
      for (SelectionKey key : selector.selectedKeys()) {
        Stream s = (Stream) key.attachment();
        buf.clear();
        int n = s.channel.read(buf);
        if (n < 0) {
          key.cancel();
          continue;
        }
        String text = new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1);
        if (!s.ok) {
          s.head.append(text);
          if (s.head.indexOf("\r\n") > 0) {
            s.ok = s.head.substring(0, s.head.indexOf("\r\n")).contains(" 200");
          }
        }
        if (id != null && s.gotAt == 0) {
          String window = s.tail + text;
          if (window.contains(id)) {
            s.gotAt = System.nanoTime();
          }
          s.tail = window.substring(Math.max(0, window.length() - id.length()));
        }
      }
      selector.selectedKeys().clear();
    }
  }

  /** A value of the gateway's Prometheus metrics, on its management interface. */
  static double metric(URI management, String name) throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(management.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : body.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  static void awaitMetric(URI management, String name, double value) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (metric(management, name) != value) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not reach " + value);
      }
      Thread.sleep(100);
    }
  }
}
