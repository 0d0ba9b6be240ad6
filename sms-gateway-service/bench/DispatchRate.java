import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The dispatcher's achieved send rate on the fake Twilio against its configured limits (run.sh's
 * first phase; the HTTP load is wrk's). Args: gateway base URL, fake Twilio base URL, per-sender
 * limit, account limit (segments/s, as the gateway was started with). Every API call carries the
 * bearer token in BENCH_TOKEN (BenchIssuer's, role sms-agent). Prints the id of one queued text
 * last, for the GET baseline.
 */
public class DispatchRate {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String AUTHORIZATION = "Bearer " + System.getenv("BENCH_TOKEN");
  static String gateway;
  static String twilio;

  public static void main(String[] args) throws Exception {
    gateway = args[0];
    twilio = args[1];
    double perSender = Double.parseDouble(args[2]);
    double account = Double.parseDouble(args[3]);

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

    String id = post("+12394261000", "GET target", "+12394269000").body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    System.out.println("id " + id);
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
}
