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
 * How many inbound events per second the service applies (contact upsert plus activity, a polled
 * batch per transaction) from a preloaded topic, and its mean batch. Not part of the normal build
 * (tag "bench"); bench/run.sh runs it and compares the rate with pgbench running the same batch
 * statement with batches of that size.
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
    // The database's own clock: the start of the first and of the last transaction (created_at is
    // now(), the transaction's start), and the events of every transaction but the last, which all
    // committed in that span.
    Row span =
        rows(
                pool,
                "select extract(epoch from max(created_at) - min(created_at))::float8,"
                    + " count(*) filter (where created_at <"
                    + " (select max(created_at) from contact_activities))"
                    + " from contact_activities")
            .get(0);
    double seconds = span.getDouble(0);
    double rate = span.getLong(1) / seconds;
    // One batch is one transaction, and created_at is its start: the service's typical batch.
    long batches = count(pool, "select count(distinct created_at) from contact_activities");
    long batchSize = Math.round((double) events / batches);
    String result =
        ("events=%d%nnumbers=%d%nconcurrency=%d%nseconds=%.3f%nevents_per_second=%.1f%n"
                + "batches=%d%nbatch_size=%d%n")
            .formatted(
                events,
                BenchTopicResource.numbers(),
                concurrency,
                seconds,
                rate,
                batches,
                batchSize);
    Path out = Path.of("target", "bench", "service.properties");
    Files.createDirectories(out.getParent());
    Files.writeString(out, result);
    // pgbench runs the very batch statement the service ran (bench/run.sh).
    Files.writeString(out.resolveSibling("inbound.sql"), PgbenchScript.inbound());
    System.out.print("BENCH " + result.replace(System.lineSeparator(), " ") + "\n");
  }
}
