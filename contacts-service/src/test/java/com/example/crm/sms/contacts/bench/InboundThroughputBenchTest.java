package com.example.crm.sms.contacts.bench;

import static com.example.crm.sms.contacts.TestDatabase.count;
import static com.example.crm.sms.contacts.TestDatabase.rows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.crm.sms.contacts.repository.PgbenchScript;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How many inbound events per second the service applies (contact upsert plus activity) from a
 * preloaded topic. Not part of the normal build (tag "bench"); bench/run.sh runs it and compares
 * the rate with pgbench running the same SQL.
 */
@QuarkusTest
@Tag("bench")
@WithTestResource(BenchTopicResource.class)
class InboundThroughputBenchTest {

  @Inject Pool pool;

  @ConfigProperty(name = "mp.messaging.incoming.sms-inbound.concurrency")
  int concurrency;

  @Test
  void appliesThePreloadedTopic() throws IOException {
    int events = BenchTopicResource.events();
    await()
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> count(pool, "select count(*) from contact_activities") >= events);

    assertEquals(events, count(pool, "select count(*) from contact_activities"));
    assertEquals(BenchTopicResource.numbers(), count(pool, "select count(*) from contacts"));
    // The database's own clock: first and last activity written (statement start times).
    Row span =
        rows(
                pool,
                "select extract(epoch from max(created_at) - min(created_at))::float8"
                    + " from contact_activities")
            .get(0);
    double seconds = span.getDouble(0);
    double rate = (events - 1) / seconds;
    String result =
        "events=%d%nnumbers=%d%nconcurrency=%d%nseconds=%.3f%nevents_per_second=%.1f%n"
            .formatted(events, BenchTopicResource.numbers(), concurrency, seconds, rate);
    Path out = Path.of("target", "bench", "service.properties");
    Files.createDirectories(out.getParent());
    Files.writeString(out, result);
    // pgbench runs the very statement the service ran (bench/run.sh).
    Files.writeString(out.resolveSibling("inbound.sql"), PgbenchScript.inbound());
    System.out.print("BENCH " + result.replace(System.lineSeparator(), " ") + "\n");
  }
}
