import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load and probes of bench/restart.sh, JDK only ({@code java bench/RestartLoad.java ...}).
 *
 * <p>For SECONDS: signed inbound webhooks (Twilio's HMAC-SHA1 scheme, token from
 * BENCH_TWILIO_AUTH_TOKEN) at RATE/s from NUMBERS senders, REPEAT of them a resend of an earlier
 * MessageSid (Twilio's retries), open loop (request i is due at start + i / RATE whatever the
 * answers do); each request may take 20 s (Twilio gives up at 15 s: anything over is "left
 * unanswered"). Meanwhile every probe URL (name=url) is asked every 100 ms with a 1 s timeout, as
 * a kubelet with a tight probe would, and every API URL (name=url) gets API_RATE GETs/s.
 *
 * <pre>
 * java RestartLoad.java SECONDS RATE NUMBERS REPEAT POST_URL SIGNED_URL API_RATE OUT_DIR name=url... -- name=url...
 * </pre>
 *
 * The part before {@code --} are probes, after it API targets; the load ends early once the file
 * OUT_DIR/stop exists. Writes OUT_DIR/webhooks.log and
 * OUT_DIR/probes.log (and api.log): one line per request, {@code <name> <sent epoch ms> <ms taken>
 * <status>}, status 0 for a refused or failed connection, -1 for no answer in time.
 */
public final class RestartLoad {

  private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  record Sample(String name, long sentMs, long tookMs, int status) {}

  public static void main(String[] args) throws Exception {
    int seconds = Integer.parseInt(args[0]);
    double rate = Double.parseDouble(args[1]);
    int numbers = Integer.parseInt(args[2]);
    double repeat = Double.parseDouble(args[3]);
    URI post = URI.create(args[4]);
    String signedUrl = args[5];
    double apiRate = Double.parseDouble(args[6]);
    Path out = Path.of(args[7]);
    List<String[]> probes = new ArrayList<>();
    List<String[]> apis = new ArrayList<>();
    List<String[]> into = probes;
    for (int i = 8; i < args.length; i++) {
      if (args[i].equals("--")) {
        into = apis;
      } else {
        into.add(args[i].split("=", 2));
      }
    }
    String token = System.getenv("BENCH_TWILIO_AUTH_TOKEN");
    if (token == null || token.isEmpty()) {
      throw new IllegalStateException("BENCH_TWILIO_AUTH_TOKEN is not set");
    }
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));

    ConcurrentLinkedQueue<Sample> webhooks = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Sample> probeSamples = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Sample> apiSamples = new ConcurrentLinkedQueue<>();
    HttpClient webhookClient = client(2);
    // Probes on clients of their own: a slow webhook never delays a probe on the generator's side.
    HttpClient probeClient = client(1);
    HttpClient apiClient = client(1);
    long end = System.currentTimeMillis() + seconds * 1000L;

    ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    for (String[] probe : probes) {
      ticks.scheduleAtFixedRate(
          () -> get(probeClient, probe[0], probe[1], PROBE_TIMEOUT, probeSamples),
          0,
          100,
          TimeUnit.MILLISECONDS);
    }
    if (apiRate > 0) {
      for (String[] api : apis) {
        ticks.scheduleAtFixedRate(
            () -> get(apiClient, api[0], api[1], WEBHOOK_TIMEOUT, apiSamples),
            0,
            (long) (1e6 / apiRate),
            TimeUnit.MICROSECONDS);
      }
    }

    List<String> sids = new ArrayList<>();
    long startNanos = System.nanoTime();
    // The script ends the load early by creating OUT_DIR/stop (its phases took less than SECONDS).
    Path stop = out.resolve("stop");
    for (long i = 0; System.currentTimeMillis() < end && (i % 64 != 0 || !Files.exists(stop)); i++) {
      long due = startNanos + (long) (i * 1e9 / rate);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      ThreadLocalRandom random = ThreadLocalRandom.current();
      String sid;
      if (!sids.isEmpty() && random.nextDouble() < repeat) {
        sid = sids.get(random.nextInt(Math.max(0, sids.size() - 500), sids.size()));
      } else {
        sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        sids.add(sid);
      }
      Map<String, String> form = form(sid, i, numbers);
      HttpRequest request =
          HttpRequest.newBuilder(post)
              .timeout(WEBHOOK_TIMEOUT)
              .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
              .header("X-Twilio-Signature", sign(mac, signedUrl, form))
              .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
              .build();
      send(webhookClient, "webhook", request, webhooks);
    }
    ticks.shutdownNow();
    // Whatever is still in flight gets its timeout's worth to finish.
    Thread.sleep(WEBHOOK_TIMEOUT.toMillis() + 1000);
    write(out.resolve("webhooks.log"), webhooks);
    write(out.resolve("probes.log"), probeSamples);
    write(out.resolve("api.log"), apiSamples);
    System.exit(0);
  }

  private static HttpClient client(int threads) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1))
        .executor(Executors.newFixedThreadPool(threads))
        .build();
  }

  private static void get(
      HttpClient client, String name, String url, Duration timeout, ConcurrentLinkedQueue<Sample> to) {
    send(client, name, HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(), to);
  }

  private static void send(
      HttpClient client, String name, HttpRequest request, ConcurrentLinkedQueue<Sample> to) {
    long sentMs = System.currentTimeMillis();
    long sent = System.nanoTime();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
              int status;
              if (failure == null) {
                status = response.statusCode();
              } else {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                status =
                    cause instanceof HttpTimeoutException
                            && !(cause instanceof HttpConnectTimeoutException)
                        ? -1
                        : 0;
              }
              to.add(new Sample(name, sentMs, took, status));
            });
  }

  private static void write(Path file, ConcurrentLinkedQueue<Sample> samples) throws IOException {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
      for (Sample s : samples) {
        w.println(s.name() + " " + s.sentMs() + " " + s.tookMs() + " " + s.status());
      }
    }
  }

  private static Map<String, String> form(String sid, long n, int numbers) {
    Map<String, String> p = new TreeMap<>();
    p.put("AccountSid", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    p.put("ApiVersion", "2010-04-01");
    p.put("Body", "restart bench " + n);
    p.put("From", String.format("+1239426%04d", n % numbers));
    p.put("FromCountry", "US");
    p.put("MessageSid", sid);
    p.put("NumMedia", "0");
    p.put("NumSegments", "1");
    p.put("SmsMessageSid", sid);
    p.put("SmsSid", sid);
    p.put("SmsStatus", "received");
    p.put("To", "+12395550100");
    p.put("ToCountry", "US");
    return p;
  }

  /** Twilio's scheme: the URL, then each parameter's name and value sorted by name. */
  private static String sign(Mac mac, String url, Map<String, String> sortedForm) {
    StringBuilder data = new StringBuilder(url);
    sortedForm.forEach((k, v) -> data.append(k).append(v));
    return Base64.getEncoder()
        .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
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

  private RestartLoad() {}
}
