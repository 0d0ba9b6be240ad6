import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The gateway benchmark. Args: gateway base URL, fake Twilio base URL, seconds per load phase,
 * concurrency, per-sender limit, account limit (segments/s, as the gateway was started with).
 * Every API call carries the bearer token in BENCH_TOKEN (BenchIssuer's, role sms-agent).
 */
public class LoadGen {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String AUTHORIZATION = "Bearer " + System.getenv("BENCH_TOKEN");
  static String gateway;
  static String twilio;

  public static void main(String[] args) throws Exception {
    gateway = args[0];
    twilio = args[1];
    int seconds = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    double perSender = Double.parseDouble(args[4]);
    double account = Double.parseDouble(args[5]);

    System.out.println("== Dispatcher: achieved send rate on the fake Twilio vs the configured limit");
    double one = dispatch(List.of("+12394260101"), 40);
    System.out.printf(
        "one sender, 40 texts:      %6.2f texts/s  (limit %.1f/s per sender)  ratio %.2f%n",
        one, perSender, one / perSender);
    List<String> four = List.of("+12394260201", "+12394260202", "+12394260203", "+12394260204");
    double all = dispatch(four, 25);
    double expected = Math.min(account, perSender * four.size());
    System.out.printf(
        "four senders, 100 texts:   %6.2f texts/s  (limit min(4 x %.1f, account %.1f) = %.1f/s)  ratio %.2f%n",
        all, perSender, account, expected, all / expected);

    String id = post("+12394261000", "warm-up", "+12394269000").body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    System.out.println("== Warm-up (" + Math.max(3, seconds / 3) + " s)");
    run(Math.max(3, seconds / 3), concurrency, i -> postRequest(number(i), "Warm-up " + i, "+12394269000"));

    System.out.printf("== Baseline: GET /api/messages/{id} (one indexed read), %d s, %d clients%n", seconds, concurrency);
    Result base =
        run(seconds, concurrency, i -> HttpRequest.newBuilder(URI.create(gateway + "/api/messages/" + id)).header("Authorization", AUTHORIZATION).GET().build());
    System.out.println(base);
    System.out.printf("== Sends: POST /api/messages + Idempotency-Key (202 after the commit), %d s, %d clients%n", seconds, concurrency);
    Result sends = run(seconds, concurrency, i -> postRequest(number(i), "Bench text " + i, "+12394269000"));
    System.out.println(sends);
    System.out.printf(
        "ratio sends/baseline: throughput %.2f, p50 latency %.2f, p99 latency %.2f%n",
        sends.perSecond() / base.perSecond(), sends.p50() / base.p50(), sends.p99() / base.p99());
  }

  static String number(int i) {
    return String.format("+1239%07d", 4_000_000 + Math.floorMod(i * 7919, 5_000_000));
  }

  static HttpRequest postRequest(String to, String body, String from) {
    String json = "{\"to\":\"" + to + "\",\"body\":\"" + body + "\",\"from\":\"" + from + "\"}";
    return HttpRequest.newBuilder(URI.create(gateway + "/api/messages"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .header("Authorization", AUTHORIZATION)
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  static HttpResponse<String> post(String to, String body, String from) throws Exception {
    HttpResponse<String> r = HTTP.send(postRequest(to, body, from), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("POST answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  /** Queues {@code perSender} texts from each sender, then measures the rate Twilio saw them at. */
  static double dispatch(List<String> senders, int perSender) throws Exception {
    for (int i = 0; i < perSender; i++) {
      for (String s : senders) {
        post(number(i + s.hashCode()), "Rate " + i, s);
      }
    }
    int total = senders.size() * perSender;
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    List<Long> times;
    do {
      Thread.sleep(500);
      times = arrivals(senders);
    } while (times.size() < total && System.nanoTime() < deadline);
    if (times.size() < total) {
      throw new IllegalStateException("only " + times.size() + " of " + total + " texts reached Twilio");
    }
    Collections.sort(times);
    long maxGap = 0;
    for (int i = 1; i < total; i++) {
      maxGap = Math.max(maxGap, times.get(i) - times.get(i - 1));
    }
    System.out.printf("  (longest gap between two sends: %.0f ms)%n", maxGap / 1e6);
    return (total - 1) / ((times.get(total - 1) - times.get(0)) / 1e9);
  }

  static List<Long> arrivals(List<String> senders) throws Exception {
    String stats =
        HTTP.send(HttpRequest.newBuilder(URI.create(twilio + "/stats")).build(), HttpResponse.BodyHandlers.ofString()).body();
    List<Long> times = new ArrayList<>();
    for (String line : stats.split("\n")) {
      String[] parts = line.split(" ");
      if (parts.length == 2 && senders.contains(parts[0])) {
        times.add(Long.parseLong(parts[1]));
      }
    }
    return times;
  }

  record Result(long ok, long errors, double perSecond, double p50, double p99) {
    @Override
    public String toString() {
      return String.format(
          "%d ok, %d errors, %.1f req/s, latency p50 %.2f ms, p99 %.2f ms", ok, errors, perSecond, p50, p99);
    }
  }

  static Result run(int seconds, int concurrency, IntFunction<HttpRequest> request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    AtomicInteger seq = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<long[]> perThread = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      pool.submit(
          () -> {
            long[] lat = new long[1 << 20];
            int n = 0;
            while (System.nanoTime() < end) {
              long t0 = System.nanoTime();
              try {
                HttpResponse<Void> r = HTTP.send(request.apply(seq.incrementAndGet()), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() >= 300) {
                  errors.incrementAndGet();
                  continue;
                }
              } catch (Exception e) {
                errors.incrementAndGet();
                continue;
              }
              if (n < lat.length) {
                lat[n++] = System.nanoTime() - t0;
              }
            }
            perThread.add(Arrays.copyOf(lat, n));
            return null;
          });
    }
    pool.shutdown();
    pool.awaitTermination(seconds + 60L, java.util.concurrent.TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(
        all.length,
        errors.get(),
        all.length / elapsed,
        all.length == 0 ? 0 : all[(int) (all.length * 0.50)] / 1e6,
        all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6);
  }
}
