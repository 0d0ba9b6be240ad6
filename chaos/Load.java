import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fault check's load (chaos/run.sh), open loop for SECONDS: signed inbound texts (a tenth of
 * them a repeat of an earlier one, as Twilio retries), status callbacks (sent, then delivered, some
 * repeated) for every message the fake Twilio created, and sends through the gateway's API with an
 * Idempotency-Key (a fifth of them a repeat of an earlier request). Each service has two replicas:
 * a request goes to the next one in turn, and a request whose connection fails is tried once more
 * on the other, as a load balancer does (safe: every request here is idempotent by its SID or key).
 * Inbound texts come at WEBHOOKS_PER_S; each create adds about 2.1 status callbacks. Writes one
 * line per request to OUT (tab-separated: kind, start epoch-ms, latency ms, status or 0
 * for none, key, message id, repeat, attempts, error).
 *
 * <p>Environment: CHAOS_TWILIO_AUTH_TOKEN (signs), CHAOS_TOKEN_URL and CHAOS_CLIENT_SECRET
 * (crm-backend's client credentials; without them no sends).
 *
 * <pre>java chaos/Load.java INGEST_URLS GATEWAY_URLS PUBLIC_URL FIXTURES_URL WEBHOOKS_PER_S
 * SENDS_PER_S SECONDS OUT STOP_FILE</pre>
 *
 * <p>It stops after SECONDS, or as soon as STOP_FILE exists.
 */
public final class Load {

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  private static final long TIMEOUT_MS = 20_000;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newFixedThreadPool(4))
          .build();
  private final Semaphore inFlight = new Semaphore(400);
  private final Random random = new Random(18);
  private final List<String> ingest;
  private final List<String> gateway;
  private final String publicUrl;
  private final Mac mac;
  private final PrintWriter out;
  private final AtomicLong turn = new AtomicLong();
  private final List<Map<String, String>> recentTexts = new ArrayList<>();
  private final List<String[]> recentSends = new ArrayList<>();
  private volatile String bearer;
  private volatile boolean stopped;

  private Load(List<String> ingest, List<String> gateway, String publicUrl, PrintWriter out)
      throws Exception {
    this.ingest = ingest;
    this.gateway = gateway;
    this.publicUrl = publicUrl;
    this.out = out;
    mac = Mac.getInstance("HmacSHA1");
    mac.init(
        new SecretKeySpec(
            System.getenv("CHAOS_TWILIO_AUTH_TOKEN").getBytes(StandardCharsets.UTF_8),
            "HmacSHA1"));
  }

  public static void main(String[] args) throws Exception {
    Load load =
        new Load(
            List.of(args[0].split(",")),
            List.of(args[1].split(",")),
            args[2],
            new PrintWriter(Files.newBufferedWriter(Path.of(args[7])), true));
    String fixtures = args[3];
    double webhooks = Double.parseDouble(args[4]);
    double sends = Double.parseDouble(args[5]);
    long seconds = Long.parseLong(args[6]);
    boolean sending = sends > 0 && System.getenv("CHAOS_TOKEN_URL") != null;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Path stop = Path.of(args[8]);
    Thread watcher =
        new Thread(
            () -> {
              while (!Files.exists(stop)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
              }
              load.stopped = true;
            });
    watcher.setDaemon(true);
    watcher.start();
    List<Thread> threads = new ArrayList<>();
    threads.add(start(() -> load.pace(webhooks, end, load::inbound)));
    if (sending) {
      load.refreshToken();
      Thread keeper = new Thread(load::keepToken);
      keeper.setDaemon(true);
      keeper.start();
      threads.add(start(() -> load.pace(sends, end, load::send)));
      threads.add(start(() -> load.callbacks(fixtures, end)));
    }
    for (Thread t : threads) {
      t.join();
    }
    load.inFlight.acquire(400); // every request answered or timed out
    System.out.println("load: done");
    System.exit(0);
  }

  private static Thread start(Runnable task) {
    Thread t = new Thread(task);
    t.start();
    return t;
  }

  private void pace(double rate, long end, Runnable request) {
    long start = System.nanoTime();
    for (long i = 0; ; i++) {
      long due = start + (long) (i * 1e9 / rate);
      if (due >= end || stopped) {
        return;
      }
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      request.run();
    }
  }

  private void inbound() {
    Map<String, String> form;
    boolean repeat = false;
    synchronized (recentTexts) {
      if (!recentTexts.isEmpty() && random.nextInt(10) == 0) {
        form = recentTexts.get(random.nextInt(recentTexts.size()));
        repeat = true;
      } else {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        form = new TreeMap<>();
        form.put("AccountSid", "AC" + "0".repeat(31) + "1");
        form.put("ApiVersion", "2010-04-01");
        form.put("Body", "chaos in " + sid);
        form.put("From", String.format("+1239426%04d", random.nextInt(200)));
        form.put("MessageSid", sid);
        form.put("NumMedia", "0");
        form.put("NumSegments", "1");
        form.put("SmsMessageSid", sid);
        form.put("SmsSid", sid);
        form.put("SmsStatus", "received");
        form.put("To", "+12395550100");
        if (recentTexts.size() >= 200) {
          recentTexts.remove(0);
        }
        recentTexts.add(form);
      }
    }
    webhook("inbound", "/twilio/messages", form, form.get("MessageSid"), repeat);
  }

  private void status(String sid, String to, String status, boolean repeat) {
    Map<String, String> form = new TreeMap<>();
    form.put("AccountSid", "AC" + "0".repeat(31) + "1");
    form.put("ApiVersion", "2010-04-01");
    form.put("From", "+15005550006");
    form.put("MessageSid", sid);
    form.put("MessageStatus", status);
    form.put("SmsSid", sid);
    form.put("SmsStatus", status);
    form.put("To", to);
    webhook("status", "/twilio/status", form, sid + ":" + status, repeat);
  }

  private void webhook(
      String kind, String path, Map<String, String> form, String key, boolean repeat) {
    StringBuilder signed = new StringBuilder(publicUrl + path);
    form.forEach((k, v) -> signed.append(k).append(v));
    String signature;
    synchronized (mac) {
      signature =
          Base64.getEncoder()
              .encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
    }
    String body = encode(form);
    call(
        kind,
        key,
        repeat,
        ingest,
        base ->
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private void send() {
    String[] request;
    boolean repeat = false;
    synchronized (recentSends) {
      if (!recentSends.isEmpty() && random.nextInt(5) == 0) {
        request = recentSends.get(random.nextInt(recentSends.size()));
        repeat = true;
      } else {
        String key = "chaos-" + UUID.randomUUID();
        request =
            new String[] {key, String.format("+1239427%04d", random.nextInt(500)), "chaos out " + key};
        if (recentSends.size() >= 100) {
          recentSends.remove(0);
        }
        recentSends.add(request);
      }
    }
    String json = "{\"to\":\"" + request[1] + "\",\"body\":\"" + request[2] + "\"}";
    call(
        "send",
        request[0],
        repeat,
        gateway,
        base ->
            HttpRequest.newBuilder(URI.create(base + "/api/messages"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .header("Idempotency-Key", request[0])
                .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Status callbacks for what the fake Twilio created: sent, then delivered (a tenth twice). */
  private void callbacks(String fixtures, long end) {
    int seen = 0;
    while (System.nanoTime() < end && !stopped) {
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(fixtures + "/_chaos/creates")).build(),
                HttpResponse.BodyHandlers.ofString());
        String[] lines = r.body().isEmpty() ? new String[0] : r.body().split("\n");
        for (int i = seen; i < lines.length; i++) {
          String[] f = lines[i].split("\t");
          status(f[1], f[2], "sent", false);
          status(f[1], f[2], "delivered", false);
          if (random.nextInt(10) == 0) {
            status(f[1], f[2], "delivered", true);
          }
        }
        seen = lines.length;
      } catch (IOException e) {
        // The fixtures answer again next time.
      } catch (InterruptedException e) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
  }

  private interface Builder {
    HttpRequest.Builder to(String base);
  }

  private void call(String kind, String key, boolean repeat, List<String> targets, Builder b) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long startMs = System.currentTimeMillis();
    long start = System.nanoTime();
    int first = (int) (turn.getAndIncrement() % targets.size());
    attempt(b, targets, first)
        .thenCompose(
            a ->
                a.failure() != null && connectionFailed(a.failure())
                    ? attempt(b, targets, (first + 1) % targets.size())
                        .thenApply(r -> new Answer(r.response(), r.failure(), 2))
                    : CompletableFuture.completedFuture(a))
        .thenAccept(
            answer -> {
              long ms = (System.nanoTime() - start) / 1_000_000;
              int status = answer.response() == null ? 0 : answer.response().statusCode();
              String id = "";
              if (answer.response() != null) {
                Matcher m = ID.matcher(answer.response().body());
                id = kind.equals("send") && m.find() ? m.group(1) : "";
              }
              String error =
                  answer.failure() == null ? "" : rootCause(answer.failure()).replace('\t', ' ');
              synchronized (out) {
                out.printf(
                    "%s\t%d\t%d\t%d\t%s\t%s\t%d\t%d\t%s%n",
                    kind, startMs, ms, status, key, id, repeat ? 1 : 0, answer.attempts(), error);
              }
              inFlight.release();
            });
  }

  private record Answer(HttpResponse<String> response, Throwable failure, int attempts) {}

  private CompletableFuture<Answer> attempt(Builder b, List<String> targets, int index) {
    HttpRequest request = b.to(targets.get(index)).timeout(Duration.ofMillis(TIMEOUT_MS)).build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle((r, e) -> e == null ? new Answer(r, null, 1) : new Answer(null, e, 1));
  }

  /** The request got no answer because its connection failed (not because it took too long). */
  private static boolean connectionFailed(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && !(c instanceof IOException)) {
      c = c.getCause();
    }
    return c instanceof IOException && !(c instanceof HttpTimeoutException);
  }

  private static String rootCause(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }

  private void refreshToken() {
    String form =
        "grant_type=client_credentials&client_id=crm-backend&client_secret="
            + URLEncoder.encode(System.getenv("CHAOS_CLIENT_SECRET"), StandardCharsets.UTF_8);
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(System.getenv("CHAOS_TOKEN_URL")))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
      if (!m.find()) {
        throw new IllegalStateException("no token: HTTP " + r.statusCode());
      }
      bearer = m.group(1);
    } catch (IOException | InterruptedException e) {
      System.err.println("load: token refresh failed: " + e);
    }
  }

  private void keepToken() {
    while (true) {
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(60));
      refreshToken();
    }
  }

  private static String encode(Map<String, String> form) {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) -> {
          if (body.length() > 0) {
            body.append('&');
          }
          body.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return body.toString();
  }

}
