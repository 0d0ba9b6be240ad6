import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * campaign.sh's measurements. 1) How long POST /api/campaigns takes to accept 10,000 recipients
 * (each with merge values; the 202 comes after the commit of the campaign and its 10,000 texts):
 * a cold round and warm rounds, as drafts so nothing dispatches. 2) The dispatch rate: one more
 * campaign of 10,000, started, and the rate at which the fake Twilio receives its texts over a
 * bounded window after a short settling time, against the configured per-sender limit; then the
 * campaign is canceled. Args: gateway base URL, fake Twilio base URL, rate limit (texts/s, one
 * sender), window seconds, warm rounds. The token (sms-admin) is in BENCH_TOKEN.
 */
public class CampaignBench {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String AUTHORIZATION = "Bearer " + System.getenv("BENCH_TOKEN");
  static final int RECIPIENTS = 10_000;
  static final Duration SETTLE = Duration.ofSeconds(5);

  public static void main(String[] args) throws Exception {
    String gateway = args[0];
    String twilio = args[1];
    double limit = Double.parseDouble(args[2]);
    int windowSeconds = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    int base = 4_000_000;

    System.out.println("== Accepting a campaign of " + RECIPIENTS + " recipients (POST /api/campaigns)");
    List<Double> warm = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      double seconds = create(gateway, base + round * RECIPIENTS, false).seconds();
      System.out.printf("%-6s round %d: %.3f s%n", round == 0 ? "cold" : "warm", round, seconds);
      if (round > 0) {
        warm.add(seconds);
      }
    }
    Collections.sort(warm);
    double median = warm.isEmpty() ? Double.NaN : warm.get(warm.size() / 2);
    System.out.printf("accept median of %d warm rounds: %.3f s (goal <= 5 s)  %s%n",
        warm.size(), median, median <= 5 ? "MET" : "NOT MET");

    System.out.println();
    System.out.println("== Dispatch rate of a started campaign of " + RECIPIENTS
        + " on the fake Twilio (limit " + limit + "/s per sender, one sender)");
    int before = arrivals(twilio).size();
    Created started = create(gateway, base + (rounds + 1) * RECIPIENTS, true);
    System.out.printf("started campaign %s (accepted in %.3f s)%n", started.id(), started.seconds());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<Long> seen = arrivals(twilio);
    while (seen.size() <= before && System.nanoTime() < deadline) {
      Thread.sleep(200);
      seen = arrivals(twilio);
    }
    if (seen.size() <= before) {
      throw new IllegalStateException("no text reached the fake Twilio within 30 s");
    }
    long first = seen.get(before);
    long from = first + SETTLE.toNanos();
    long to = from + Duration.ofSeconds(windowSeconds).toNanos();
    // The fake Twilio's own clock dates the arrivals; this one only has to wait long enough.
    Thread.sleep((SETTLE.toSeconds() + windowSeconds + 2) * 1000);
    List<Long> after = arrivals(twilio);
    List<Long> all = after.subList(before, after.size());
    long inWindow = all.stream().filter(t -> t >= from && t < to).count();
    double rate = inWindow / (double) windowSeconds;
    double deviation = (rate - limit) / limit * 100;
    System.out.printf("texts received in the %d s window (after %d s settling): %d%n",
        windowSeconds, SETTLE.toSeconds(), inWindow);
    System.out.printf("rate: %.3f texts/s against the limit %.3f/s: %+.2f %%  (goal within 2 %%)  %s%n",
        rate, limit, deviation, Math.abs(deviation) <= 2 ? "MET" : "NOT MET");
    HttpResponse<String> cancel =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(gateway + "/api/campaigns/" + started.id() + "/cancel"))
                .header("Authorization", AUTHORIZATION)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    System.out.println("campaign canceled: " + cancel.statusCode() + " " + counts(cancel.body()));
  }

  record Created(String id, double seconds) {}

  static Created create(String gateway, int firstNumber, boolean start) throws Exception {
    StringBuilder json = new StringBuilder(RECIPIENTS * 110);
    json.append("{\"name\":\"Bench ").append(UUID.randomUUID()).append("\",")
        .append("\"body\":\"Hi {firstName|there}, {company} is open Saturday from 9 to 5\",")
        .append("\"start\":").append(start).append(",\"recipients\":[");
    for (int i = 0; i < RECIPIENTS; i++) {
      if (i > 0) {
        json.append(',');
      }
      String number = String.format("+1239%07d", firstNumber + i);
      json.append("{\"to\":\"").append(number).append("\",\"fields\":{\"firstName\":\"Ann")
          .append(i).append("\",\"company\":\"Acme ").append(i % 100).append("\"}}");
    }
    json.append("]}");
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(gateway + "/api/campaigns"))
                .header("Authorization", AUTHORIZATION)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (r.statusCode() != 202) {
      throw new IllegalStateException("POST /api/campaigns: " + r.statusCode() + " " + r.body());
    }
    Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(r.body());
    if (!id.find() || !r.body().contains("\"total\":" + RECIPIENTS)) {
      throw new IllegalStateException("unexpected answer: " + r.body());
    }
    return new Created(id.group(1), seconds);
  }

  /** Arrival times (System.nanoTime of the fake Twilio's JVM) of every create, in order. */
  static List<Long> arrivals(String twilio) throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(twilio + "/stats")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    List<Long> times = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        times.add(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    Collections.sort(times);
    return times;
  }

  static String counts(String campaign) {
    Matcher m = Pattern.compile("\"counts\":\\{[^}]*}").matcher(campaign);
    return m.find() ? m.group() : campaign;
  }
}
