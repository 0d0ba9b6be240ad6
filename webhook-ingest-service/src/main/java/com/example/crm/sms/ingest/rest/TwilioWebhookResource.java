package com.example.crm.sms.ingest.rest;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.ingest.event.WebhookEventPublisher;
import com.example.crm.sms.ingest.rest.WebhookMetrics.Kind;
import com.example.crm.sms.ingest.rest.WebhookMetrics.Reason;
import com.example.crm.sms.ingest.service.InboundMessageMapper;
import com.example.crm.sms.ingest.service.SignatureService;
import com.example.crm.sms.ingest.service.SignatureService.ForwardedHeaders;
import com.example.crm.sms.ingest.service.SignatureService.Verdict;
import com.example.crm.sms.ingest.service.StatusCallbackMapper;
import com.example.crm.sms.ingest.service.WebhookForm;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Twilio's webhooks. Each is checked (signature, then parameters), turned into an event and
 * answered 200 only once Kafka acknowledged the event. The body is read raw, not as form
 * parameters, so that every parameter, also ones Twilio adds later, enters the signature check,
 * with the values as Twilio sent them; the events carry them cleaned ({@link WebhookForm}).
 */
@Path("/twilio")
@Tag(name = "Twilio webhooks")
public class TwilioWebhookResource {

  static final String SIGNATURE_HEADER = "X-Twilio-Signature";
  static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";

  private static final Logger LOG = Logger.getLogger(TwilioWebhookResource.class);

  private final SignatureService signatures;
  private final InboundMessageMapper inboundMapper;
  private final StatusCallbackMapper statusMapper;
  private final WebhookEventPublisher publisher;
  private final WebhookAnswers answers;
  private final WebhookMetrics metrics;

  public TwilioWebhookResource(
      SignatureService signatures,
      InboundMessageMapper inboundMapper,
      StatusCallbackMapper statusMapper,
      WebhookEventPublisher publisher,
      WebhookAnswers answers,
      WebhookMetrics metrics) {
    this.signatures = signatures;
    this.inboundMapper = inboundMapper;
    this.statusMapper = statusMapper;
    this.publisher = publisher;
    this.answers = answers;
    this.metrics = metrics;
  }

  @POST
  @Path("/messages")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(
      summary = "Inbound SMS/MMS webhook",
      description =
          "Twilio's 'A message comes in' webhook. Publishes sms.inbound.received to sms.inbound.v1"
              + " keyed by the sender's E.164 number, then answers an empty TwiML <Response/>.")
  @RequestBody(description = "Twilio's form parameters (MessageSid, From, To, Body, ...)")
  @APIResponse(responseCode = "200", description = "Published and acknowledged by Kafka")
  @APIResponse(responseCode = "400", description = "A required parameter is missing or malformed")
  @APIResponse(responseCode = "403", description = "Missing or wrong X-Twilio-Signature")
  @APIResponse(responseCode = "413", description = "Body larger than the limit")
  @APIResponse(responseCode = "415", description = "Not application/x-www-form-urlencoded")
  @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time")
  public Uni<Response> inbound(
      @Parameter(description = "Twilio's request signature") @HeaderParam(SIGNATURE_HEADER)
          String signature,
      @Parameter(description = "Twilio's id of this webhook, the same on its retries")
          @HeaderParam(IDEMPOTENCY_HEADER)
          String idempotencyToken,
      @Context RoutingContext context) {
    return handle(
        Kind.INBOUND,
        signature,
        context,
        (form, arrived) ->
            publisher.publish(
                inboundMapper.toEvent(form, idempotencyToken, Instant.now()),
                arrived,
                answers.inbound()));
  }

  @POST
  @Path("/status")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(
      summary = "Message status callback",
      description =
          "Twilio's StatusCallback for messages we sent. Publishes sms.status.reported to"
              + " sms.status.v1 keyed by MessageSid.")
  @RequestBody(description = "Twilio's form parameters (MessageSid, MessageStatus, ErrorCode, ...)")
  @APIResponse(responseCode = "200", description = "Published and acknowledged by Kafka")
  @APIResponse(
      responseCode = "400",
      description = "A required parameter is missing, or MessageStatus is unknown")
  @APIResponse(responseCode = "403", description = "Missing or wrong X-Twilio-Signature")
  @APIResponse(responseCode = "413", description = "Body larger than the limit")
  @APIResponse(responseCode = "415", description = "Not application/x-www-form-urlencoded")
  @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time")
  public Uni<Response> status(
      @Parameter(description = "Twilio's request signature") @HeaderParam(SIGNATURE_HEADER)
          String signature,
      @Parameter(description = "Twilio's id of this webhook, the same on its retries")
          @HeaderParam(IDEMPOTENCY_HEADER)
          String idempotencyToken,
      @Context RoutingContext context) {
    return handle(
        Kind.STATUS,
        signature,
        context,
        (form, arrived) ->
            publisher.publish(
                statusMapper.toEvent(form, idempotencyToken, Instant.now()),
                arrived,
                answers.status()));
  }

  private Uni<Response> handle(
      Kind kind,
      String signature,
      RoutingContext context,
      BiFunction<WebhookForm, Long, Uni<Response>> publish) {
    Long arrived = context.get(WebhookLimits.ARRIVED);
    try {
      // Buffered by WebhookLimits, which also enforces the size limit.
      Buffer body = context.get(WebhookLimits.BODY);
      // One char per byte, no decoding: the form's escapes and raw bytes are read as UTF-8 after.
      WebhookForm form =
          WebhookForm.parseOctets(body == null ? null : body.toString(StandardCharsets.ISO_8859_1));
      // Over the values as Twilio sent them; the mappers read them cleaned (WebhookForm.all()).
      checkSignature(kind, form.received(), signature, context.request());
      // WebhookAnswers counts Kafka's answer and makes it the 200 or the 503.
      return publish.apply(form, arrived == null ? System.nanoTime() : arrived);
    } catch (SignatureRejected e) {
      return Uni.createFrom().failure(e.problem);
    } catch (ProblemException e) {
      metrics.rejected(kind, Reason.BAD_REQUEST);
      return Uni.createFrom().failure(e);
    }
  }

  private void checkSignature(
      Kind kind, Map<String, String> received, String signature, HttpServerRequest request) {
    String url =
        signatures.signedUrl(
            request.path(),
            request.query(),
            new ForwardedHeaders(
                request.getHeader("X-Forwarded-Proto"),
                request.getHeader("X-Forwarded-Host"),
                request.getHeader("X-Forwarded-Port"),
                request.getHeader("X-Forwarded-Prefix")));
    Verdict verdict = signatures.check(url, received, signature);
    switch (verdict) {
      case VALID, SKIPPED -> {}
      case NO_TOKEN, PLACEHOLDER_TOKEN -> {
        metrics.rejected(kind, Reason.NO_AUTH_TOKEN);
        throw new SignatureRejected(
            Problem.of(
                503,
                "Service Unavailable",
                verdict == Verdict.NO_TOKEN
                    ? "Signature validation is on but no Twilio auth token is configured"
                    : "Signature validation is on but the configured Twilio auth token is a"
                        + " placeholder"));
      }
      case MISSING, INVALID -> {
        metrics.rejected(
            kind, verdict == Verdict.MISSING ? Reason.SIGNATURE_MISSING : Reason.SIGNATURE_INVALID);
        // Neither the token, the signature nor the body: the URL and the peer are enough to debug.
        LOG.warnf(
            "Rejected %s webhook from %s: signature %s for %s",
            kind.name().toLowerCase(java.util.Locale.ROOT),
            request.remoteAddress(),
            verdict == Verdict.MISSING ? "missing" : "does not match",
            url);
        throw new SignatureRejected(
            Problem.of(
                403,
                "Forbidden",
                verdict == Verdict.MISSING
                    ? "The X-Twilio-Signature header is missing"
                    : "The X-Twilio-Signature header does not match this request"));
      }
    }
  }

  /** A rejection already counted, so the generic 400 path does not count it again. */
  private static final class SignatureRejected extends RuntimeException {
    private final transient ProblemException problem;

    SignatureRejected(Problem problem) {
      super(problem.detail(), null, false, false);
      this.problem = new ProblemException(problem);
    }
  }
}
