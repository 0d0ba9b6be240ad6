package com.example.crm.sms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalBrokerConfigTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} node(s): replication factor {1}, min ISR {2}")
  @CsvSource({"1, 1, 1", "3, 3, 2"})
  void replicatesAsTheProdOverlayWithThreeNodes(int nodes, int replicas, int minIsr)
      throws IOException {
    LocalBrokerConfig.main(new String[] {dir.toString(), Integer.toString(nodes), "19500"});

    for (int i = 1; i <= nodes; i++) {
      Properties p = read(dir.resolve("node-" + i).resolve("server.properties"));
      assertEquals(Integer.toString(i), p.getProperty("node.id"));
      assertEquals(Integer.toString(replicas), p.getProperty("default.replication.factor"));
      assertEquals(Integer.toString(replicas), p.getProperty("offsets.topic.replication.factor"));
      assertEquals(Integer.toString(minIsr), p.getProperty("min.insync.replicas"));
      assertEquals(
          "PLAINTEXT://127.0.0.1:"
              + (19500 + 2 * (i - 1))
              + ",CONTROLLER://127.0.0.1:"
              + (19501 + 2 * (i - 1)),
          p.getProperty("listeners"));
      assertEquals(
          dir.resolve("node-" + i).resolve("data").toAbsolutePath().toString(),
          p.getProperty("log.dirs"));
    }
    String voters =
        read(dir.resolve("node-1").resolve("server.properties"))
            .getProperty("controller.quorum.voters");
    assertEquals(
        nodes == 1 ? "1@127.0.0.1:19501" : "1@127.0.0.1:19501,2@127.0.0.1:19503,3@127.0.0.1:19505",
        voters);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    // what a node killed with -9 recovers at its next start
    "log.segment.bytes, 16777216",
    "log.index.size.max.bytes, 1048576",
    // a dead broker fenced (its partitions led elsewhere) before the ingest's 3 s publish timeout
    "broker.session.timeout.ms, 2000",
    "broker.heartbeat.interval.ms, 500"
  })
  void recoversFromACrashQuickly(String key, String value) throws IOException {
    LocalBrokerConfig.main(new String[] {dir.toString(), "1", "19500"});

    assertEquals(value, read(dir.resolve("node-1/server.properties")).getProperty(key));
  }

  private static Properties read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return p;
  }
}
