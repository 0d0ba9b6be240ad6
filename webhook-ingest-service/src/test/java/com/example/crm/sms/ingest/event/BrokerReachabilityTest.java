package com.example.crm.sms.ingest.event;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.events.Topics;
import com.example.crm.sms.ingest.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What readiness reads about the broker: cached, and unreachable only after a silence longer than
 * the publish timeout, so a slow moment does not take the service out of rotation. (No probe runs
 * here: an acknowledged event is an answer of the broker too.)
 */
class BrokerReachabilityTest {

  private static final Duration TIMEOUT = Duration.ofMillis(400);

  private final MockProducer<String, Object> producer =
      new MockProducer<>(true, null, new StringSerializer(), (topic, data) -> new byte[0]);
  private final TopicMetadata metadata = new TopicMetadata(producer);
  private final PublishMetrics metrics = new PublishMetrics(new SimpleMeterRegistry());
  private final BrokerReachability broker =
      new BrokerReachability(
          Map.of(), metadata, metrics, TestConfigs.ingest("https://ingest.example", TIMEOUT));

  @AfterEach
  void stop() {
    metadata.close();
    broker.close();
  }

  private void acknowledged() {
    metrics.done(metrics.start(), Topics.INBOUND, PublishOutcome.ACKED);
  }

  private void bothTopicsKnown() {
    metadata.whenKnown(Topics.INBOUND, () -> {});
    metadata.whenKnown(Topics.STATUS, () -> {});
    await().atMost(Duration.ofSeconds(5)).until(metadata::allKnown);
  }

  @Test
  void aBrokerThatNeverAnsweredIsUnreachable() {
    bothTopicsKnown();
    BrokerReachability.State state = broker.state();
    assertFalse(state.reachable());
    assertTrue(state.reason().startsWith("the broker has not answered yet"), state.reason());
  }

  @Test
  void anAnswerWithinThePublishTimeoutKeepsItReachableAndALongerSilenceDoesNot()
      throws InterruptedException {
    bothTopicsKnown();
    acknowledged();
    assertTrue(broker.state().reachable(), broker.state().reason());
    // A slow moment, shorter than the publish timeout: still reachable.
    Thread.sleep(TIMEOUT.toMillis() / 4);
    assertTrue(broker.state().reachable(), "a short silence is no outage");

    Thread.sleep(TIMEOUT.toMillis() * 2);
    BrokerReachability.State state = broker.state();
    assertFalse(state.reachable(), "silent for longer than the publish timeout");
    assertTrue(state.reason().startsWith("no answer from the broker for"), state.reason());

    acknowledged();
    assertTrue(broker.state().reachable(), "back once the broker answers again");
  }

  @Test
  void untilTheTopicsMetadataIsKnownItIsNotReadyEvenIfTheBrokerAnswers() {
    acknowledged();
    BrokerReachability.State state = broker.state();
    assertFalse(state.reachable());
    assertTrue(state.reason().contains("metadata"), state.reason());
  }
}
