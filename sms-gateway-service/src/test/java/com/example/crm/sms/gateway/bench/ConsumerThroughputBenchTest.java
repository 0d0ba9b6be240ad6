package com.example.crm.sms.gateway.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How many events per second one consumer applies from a preloaded topic (BenchTopicsResource),
 * timed by the database's clock: from the first poll that sees any of them stored to the first that
 * sees all. Not part of the normal build (tag "bench"); bench/consumers.sh runs it once per topic.
 */
@QuarkusTest
@Tag("bench")
@WithTestResource(BenchTopicsResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ConsumerThroughputBenchTest {

  /** The goal of issue 15 for each topic. */
  static final int GOAL = 10_000;

  @Inject Pool pool;

  /** The events stored so far, by the database's clock (seconds since the epoch). */
  private record Sample(long stored, double at) {}

  private Sample sample() {
    String count =
        BenchTopicsResource.STATUS.equals(BenchTopicsResource.topic())
            ? "SELECT count(*) FROM message_status_history"
            : "SELECT count(*) FROM sms_messages WHERE direction = 'inbound'";
    Row r =
        pool.query("SELECT (" + count + "), extract(epoch FROM clock_timestamp())::float8")
            .execute()
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next();
    return new Sample(r.getLong(0), r.getDouble(1));
  }

  @Test
  void appliesThePreloadedTopic() throws IOException {
    int events = BenchTopicsResource.events();
    AtomicReference<Sample> first = new AtomicReference<>();
    AtomicReference<Sample> last = new AtomicReference<>();
    await()
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Sample s = sample();
              if (s.stored() > 0 && first.get() == null) {
                first.set(s);
              }
              last.set(s);
              return s.stored() >= events;
            });
    assertEquals(events, last.get().stored(), "every event stored once");
    double seconds = last.get().at() - first.get().at();
    double rate = (events - first.get().stored()) / seconds;
    String result =
        "topic=%s%nevents=%d%nseconds=%.3f%nevents_per_second=%.1f%ngoal=%d%n"
            .formatted(BenchTopicsResource.topic(), events, seconds, rate, GOAL);
    Path out = Path.of("target", "bench", BenchTopicsResource.topic() + ".properties");
    Files.createDirectories(out.getParent());
    Files.writeString(out, result);
    System.out.print("BENCH " + result.replace(System.lineSeparator(), " ") + "\n");
  }
}
