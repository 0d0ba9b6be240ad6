package com.example.crm.sms.ingest.rest;

import com.example.crm.sms.ingest.event.PublishAnswer;
import com.example.crm.sms.ingest.event.PublishOutcome;
import com.example.crm.sms.ingest.rest.WebhookMetrics.Kind;
import com.example.crm.sms.ingest.rest.WebhookMetrics.Reason;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The webhook's answer to Twilio once Kafka answered, counted: the empty TwiML when the event was
 * acknowledged, else a 503 ({@link PublishFailedException}) so Twilio tries its fallback URL.
 */
@Singleton
public class WebhookAnswers {

  static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  private final PublishAnswer<Response> inbound;
  private final PublishAnswer<Response> status;

  public WebhookAnswers(WebhookMetrics metrics) {
    this.inbound = new Answer(Kind.INBOUND, metrics);
    this.status = new Answer(Kind.STATUS, metrics);
  }

  public PublishAnswer<Response> inbound() {
    return inbound;
  }

  public PublishAnswer<Response> status() {
    return status;
  }

  /** The answer to a webhook whose event Kafka acknowledged (and the bench's no-op baseline). */
  static Response emptyTwiml() {
    return Response.ok(EMPTY_TWIML, MediaType.TEXT_XML_TYPE).build();
  }

  static Reason reasonOf(PublishOutcome outcome) {
    return switch (outcome) {
      case TIMEOUT -> Reason.KAFKA_TIMEOUT;
      case BACKLOG -> Reason.KAFKA_BACKLOG;
      default -> Reason.KAFKA_FAILED;
    };
  }

  private record Answer(Kind kind, WebhookMetrics metrics) implements PublishAnswer<Response> {

    @Override
    public Response acknowledged() {
      metrics.accepted(kind);
      return emptyTwiml();
    }

    @Override
    public Throwable notAcknowledged(PublishOutcome outcome) {
      metrics.rejected(kind, reasonOf(outcome));
      return new PublishFailedException(outcome);
    }
  }
}
