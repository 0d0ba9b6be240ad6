package com.example.crm.sms.ingest.rest;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The benchmark's baseline: a webhook of the same service (same HTTP stack, same body buffering by
 * {@link WebhookLimits}, same answer) minus the signature check, the mapping and Kafka. It accepts
 * anyone's request, so it exists only in the bench build ({@code -Pbench}, bench/ingest.sh), never
 * in the production jar (NoopWebhookResourceTest).
 */
@Path("/twilio/noop")
public class NoopWebhookResource {

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @NonBlocking
  @Operation(hidden = true)
  public Response noop() {
    return WebhookAnswers.emptyTwiml();
  }
}
