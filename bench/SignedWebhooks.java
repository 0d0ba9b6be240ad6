import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load generator of bench/stack.sh: posts inbound SMS webhooks signed the way Twilio signs them
 * (X-Twilio-Signature = Base64 HMAC-SHA1 of the URL and the sorted parameters), each with its own
 * MessageSid and {@code Body=bench <epoch-micros> <n>}, so the databases tell when each text got
 * where. JDK only; run with {@code java bench/SignedWebhooks.java ...}.
 *
 * <p>Open loop: with a rate, request i is due at start + i / rate whatever the answers do (a slow
 * stack does not slow the sender, so its latency is not hidden), and its body carries that due time;
 * at most CONCURRENCY requests are in flight over keep-alive connections, and a request that has to
 * wait for a free one is late, which counts against the stack and is reported. With rate 0, the
 * requests go as fast as CONCURRENCY connections take them (a burst) and carry their actual send
 * time. Signing at send time is what lets the body hold the send time: a pre-signed request cannot.
 *
 * <pre>
 * BENCH_TWILIO_AUTH_TOKEN=... java SignedWebhooks.java POST_URL SIGNED_URL RATE COUNT FIRST_N CONCURRENCY ACKED_FILE
 * </pre>
 *
 * Prints one RESULT line; writes the n of every request answered 200 to ACKED_FILE, one a line.
 */
public final class SignedWebhooks {

  private static final int SENDERS = 10_000;

  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println(
          "usage: SignedWebhooks POST_URL SIGNED_URL RATE COUNT FIRST_N CONCURRENCY ACKED_FILE");
      System.exit(2);
    }
    URI target = URI.create(args[0]);
    String signedUrl = args[1];
    double rate = Double.parseDouble(args[2]);
    int count = Integer.parseInt(args[3]);
    long firstN = Long.parseLong(args[4]);
    int concurrency = Integer.parseInt(args[5]);
    Path ackedFile = Path.of(args[6]);
    String token = System.getenv("BENCH_TWILIO_AUTH_TOKEN");
    if (token == null || token.isEmpty()) {
      throw new IllegalStateException("BENCH_TWILIO_AUTH_TOKEN is not set");
    }
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(2))
            .build();
    Semaphore inFlight = new Semaphore(concurrency);
    CountDownLatch answered = new CountDownLatch(count);
    long[] latencyNanos = new long[count];
    int[] status = new int[count];
    AtomicInteger errors = new AtomicInteger();
    String[] firstError = {null};

    long startEpochMicros = epochMicros();
    long startNanos = System.nanoTime();
    long maxLateNanos = 0;
    long lastSendNanos = startNanos;
    for (int i = 0; i < count; i++) {
      long dueNanos = startNanos;
      if (rate > 0) {
        dueNanos = startNanos + (long) (i * 1e9 / rate);
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      inFlight.acquire();
      long sendNanos = System.nanoTime();
      if (rate > 0) {
        maxLateNanos = Math.max(maxLateNanos, sendNanos - dueNanos);
      }
      lastSendNanos = sendNanos;
      long bodyMicros = startEpochMicros + ((rate > 0 ? dueNanos : sendNanos) - startNanos) / 1000;
      long n = firstN + i;
      Map<String, String> form = form(n, bodyMicros);
      HttpRequest request =
          HttpRequest.newBuilder(target)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
              .header("X-Twilio-Signature", sign(mac, signedUrl, form))
              .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
              .build();
      int index = i;
      client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, failure) -> {
                latencyNanos[index] = Math.max(1, System.nanoTime() - sendNanos);
                if (failure != null) {
                  errors.incrementAndGet();
                  synchronized (firstError) {
                    if (firstError[0] == null) {
                      firstError[0] = failure.toString();
                    }
                  }
                } else {
                  status[index] = response.statusCode();
                }
                inFlight.release();
                answered.countDown();
              });
    }
    long sentNanos = System.nanoTime();
    boolean all = answered.await(60, TimeUnit.SECONDS);
    long endNanos = System.nanoTime();

    int ok = 0;
    int other = 0;
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(ackedFile))) {
      for (int i = 0; i < count; i++) {
        if (status[i] == 200) {
          ok++;
          out.println(firstN + i);
        } else if (status[i] != 0) {
          other++;
        }
      }
    }
    // Only the answered ones (and failed ones, at the time they failed): 0 is "never answered".
    long[] sorted = Arrays.stream(latencyNanos).filter(l -> l > 0).sorted().toArray();
    if (sorted.length == 0) {
      sorted = new long[] {0};
    }
    double seconds = (sentNanos - startNanos) / 1e9;
    System.out.printf(
        "RESULT sent=%d ok200=%d other=%d errors=%d unanswered=%d send_seconds=%.2f send_rate=%.0f"
            + " http_p50_ms=%.2f http_p99_ms=%.2f http_max_ms=%.2f late_max_ms=%.2f"
            + " start_us=%d last_send_us=%d end_us=%d%n",
        count,
        ok,
        other,
        errors.get(),
        all ? 0 : answered.getCount(),
        seconds,
        count / Math.max(seconds, 1e-9),
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6,
        sorted[sorted.length - 1] / 1e6,
        maxLateNanos / 1e6,
        startEpochMicros,
        startEpochMicros + (lastSendNanos - startNanos) / 1000,
        startEpochMicros + (endNanos - startNanos) / 1000);
    if (firstError[0] != null) {
      System.out.println("first error: " + firstError[0]);
    }
    System.exit(0);
  }

  /** The parameters Twilio posts for an inbound SMS; one of {@value #SENDERS} senders. */
  private static Map<String, String> form(long n, long bodyMicros) {
    String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
    Map<String, String> p = new TreeMap<>();
    p.put("AccountSid", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    p.put("ApiVersion", "2010-04-01");
    p.put("Body", "bench " + bodyMicros + " " + n);
    p.put("From", String.format("+1239426%04d", n % SENDERS));
    p.put("FromCity", "NAPLES");
    p.put("FromCountry", "US");
    p.put("FromState", "FL");
    p.put("FromZip", "34102");
    p.put("MessageSid", sid);
    p.put("MessagingServiceSid", "MG00000000000000000000000000000000");
    p.put("NumMedia", "0");
    p.put("NumSegments", "1");
    p.put("SmsMessageSid", sid);
    p.put("SmsSid", sid);
    p.put("SmsStatus", "received");
    p.put("To", "+12395550100");
    p.put("ToCity", "NAPLES");
    p.put("ToCountry", "US");
    p.put("ToState", "FL");
    p.put("ToZip", "34102");
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

  private static long percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static long epochMicros() {
    Instant now = Instant.now();
    return ChronoUnit.MICROS.between(Instant.EPOCH, now);
  }

  private SignedWebhooks() {}
}
