package com.example.crm.sms.gateway.bench;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.samples.SampleEvents;
import com.example.crm.sms.testsupport.KafkaBroker;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;

/**
 * Prepares a backlog BEFORE the service starts, as after an outage, and points one consumer at it
 * (the other is switched off, so each is measured alone). System property bench.topic: "status"
 * (bench.messages outbound texts created in the database, then a sending, a sent and a delivered
 * callback for each, in three rounds over all of them, so every callback moves its text) or
 * "inbound" (bench.texts texts from bench.numbers senders, one in a hundred a STOP).
 */
public class BenchTopicsResource implements QuarkusTestResourceLifecycleManager {

  static final String STATUS = "status";
  static final String INBOUND = "inbound";
  static final List<MessageStatus> ROUNDS =
      List.of(MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.DELIVERED);

  static String topic() {
    return System.getProperty("bench.topic", STATUS);
  }

  static int messages() {
    return Integer.getInteger("bench.messages", 20_000);
  }

  static int texts() {
    return Integer.getInteger("bench.texts", 60_000);
  }

  static int numbers() {
    return Integer.getInteger("bench.numbers", 2_000);
  }

  /** How many events the chosen topic holds. */
  static int events() {
    return STATUS.equals(topic()) ? messages() * ROUNDS.size() : texts();
  }

  static String sid(int i) {
    return "SMbench" + String.format("%032d", i);
  }

  @Override
  public Map<String, String> start() {
    String benchTopic = "bench." + topic() + "." + UUID.randomUUID();
    KafkaBroker broker = KafkaBroker.shared();
    broker.createTopics(List.of(benchTopic));
    prepareDatabase();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      if (STATUS.equals(topic())) {
        for (MessageStatus status : ROUNDS) {
          for (int i = 0; i < messages(); i++) {
            producer.send(new ProducerRecord<>(benchTopic, sid(i), callback(sid(i), status)));
          }
        }
      } else {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < texts(); i++) {
          String from = "+1239426" + String.format("%04d", i % numbers());
          String body = i % 100 == 99 ? "STOP" : "Bench text " + i + ": is the viewing still on?";
          KeywordKind keyword = i % 100 == 99 ? KeywordKind.OPT_OUT : KeywordKind.NONE;
          producer.send(
              new ProducerRecord<>(
                  benchTopic,
                  from,
                  json(
                      SampleEvents.inbound(
                          SampleEvents.newSid(),
                          from,
                          "+15005550006",
                          body,
                          keyword,
                          start.plusMillis(i)))));
        }
      }
      producer.flush();
    }
    Map<String, String> config = new HashMap<>(broker.quarkusConfig());
    String channel = STATUS.equals(topic()) ? "status-events" : "inbound-events";
    String other = STATUS.equals(topic()) ? "inbound-events" : "status-events";
    config.put("mp.messaging.incoming." + channel + ".topic", benchTopic);
    config.put("mp.messaging.incoming." + channel + ".group.id", "bench-" + UUID.randomUUID());
    config.put("mp.messaging.incoming." + other + ".enabled", "false");
    // The schema prepared above is the service's: migrated, and holding the bench's texts.
    config.put("quarkus.flyway.clean-at-start", "false");
    return config;
  }

  /** The service's schema migrated from scratch, with the texts the callbacks are about. */
  private static void prepareDatabase() {
    String url =
        "jdbc:postgresql://"
            + env("SMS_DB_HOST", "127.0.0.1")
            + ":"
            + env("SMS_DB_PORT", "5432")
            + "/"
            + env("SMS_DB_NAME", "test");
    String schema = env("SMS_DB_SCHEMA", "gateway_test");
    String user = env("SMS_DB_USER", "postgres");
    String password = env("SMS_DB_PASSWORD", "");
    Flyway flyway =
        Flyway.configure()
            .dataSource(url, user, password)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .cleanDisabled(false)
            .locations("classpath:db/migration")
            .load();
    flyway.clean();
    flyway.migrate();
    if (!STATUS.equals(topic())) {
      return;
    }
    try (Connection db =
            DriverManager.getConnection(url + "?currentSchema=" + schema, user, password);
        PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO sms_messages (id, direction, peer_number, to_number, from_number,"
                    + " body, status, segments, encoding, message_sid)"
                    + " SELECT gen_random_uuid(), 'outbound', p, p, '+15005550006',"
                    + " 'Bench text', 'queued', 1, 'GSM-7', 'SMbench' || lpad(i::text, 32, '0')"
                    + " FROM generate_series(0, ? - 1) AS i,"
                    + " LATERAL (SELECT '+1555' || lpad(i::text, 7, '0') AS p) AS n")) {
      insert.setInt(1, messages());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the bench's texts", e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static String callback(String sid, MessageStatus status) {
    return json(
        new MessageStatusReportedEvent(
            UUID.randomUUID(),
            MessageStatusReportedEvent.TYPE,
            Instant.now(),
            MessageStatusReportedEvent.SCHEMA_VERSION,
            sid,
            "AC00000000000000000000000000000b",
            status,
            null,
            null,
            null,
            "+15005550006",
            null,
            null));
  }

  private static String json(Object event) {
    try {
      return EventJson.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    // The broker stops with the JVM.
  }
}
