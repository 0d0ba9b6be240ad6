package com.example.crm.sms.ingest.event;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.MessageStatusReportedEvent;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.ingest.config.IngestConfig;
import com.example.crm.sms.ingest.service.WebhookMetrics;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes webhook events and completes only when Kafka acknowledged them (acks=all, idempotent
 * producer: see application.properties). No acknowledgement within the configured time fails with a
 * 503, so Twilio tries its fallback URL well inside its 15 s limit.
 */
@ApplicationScoped
public class WebhookEventPublisher {

  private static final Logger LOG = Logger.getLogger(WebhookEventPublisher.class);

  private final MutinyEmitter<InboundMessageReceivedEvent> inbound;
  private final MutinyEmitter<MessageStatusReportedEvent> status;
  private final WebhookMetrics metrics;
  private final Duration timeout;

  public WebhookEventPublisher(
      @Channel("inbound-events") MutinyEmitter<InboundMessageReceivedEvent> inbound,
      @Channel("status-events") MutinyEmitter<MessageStatusReportedEvent> status,
      WebhookMetrics metrics,
      IngestConfig config) {
    this.inbound = inbound;
    this.status = status;
    this.metrics = metrics;
    this.timeout = config.publishTimeout();
  }

  /** Keyed by the sender, so one sender's texts stay in order. */
  public Uni<Void> publish(InboundMessageReceivedEvent event) {
    return send(inbound, Topics.INBOUND, event.from(), event);
  }

  /** Keyed by MessageSid, so one message's statuses stay together. */
  public Uni<Void> publish(MessageStatusReportedEvent event) {
    return send(status, Topics.STATUS, event.messageSid(), event);
  }

  private <T> Uni<Void> send(MutinyEmitter<T> emitter, String topic, String key, T event) {
    Message<T> message =
        Message.of(event)
            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    return Uni.createFrom()
        .deferred(
            () -> {
              Timer.Sample sample = metrics.startPublish();
              return emitter
                  .sendMessage(message)
                  .ifNoItem()
                  .after(timeout)
                  .fail()
                  .onItem()
                  .invoke(() -> metrics.publishDone(sample, topic, "acked"))
                  .onFailure()
                  .invoke(
                      f ->
                          metrics.publishDone(
                              sample, topic, f instanceof TimeoutException ? "timeout" : "failed"));
            })
        .onFailure()
        .transform(f -> unavailable(topic, f));
  }

  private ProblemException unavailable(String topic, Throwable failure) {
    boolean timedOut = failure instanceof TimeoutException;
    // The event itself is not logged: it carries a person's text and number.
    LOG.warnf(
        "Kafka did not acknowledge an event for %s: %s",
        topic, timedOut ? "no answer within " + timeout.toMillis() + " ms" : failure.toString());
    return new PublishFailedException(timedOut);
  }

  /** The 503 answered when Kafka did not acknowledge; {@link #timedOut()} tells the metric why. */
  public static final class PublishFailedException extends ProblemException {

    private final boolean timedOut;

    PublishFailedException(boolean timedOut) {
      super(
          Problem.of(
              503,
              "Service Unavailable",
              timedOut
                  ? "The event was not acknowledged by Kafka in time; retry or use the fallback URL"
                  : "The event could not be published to Kafka; retry or use the fallback URL"));
      this.timedOut = timedOut;
    }

    public boolean timedOut() {
      return timedOut;
    }
  }
}
