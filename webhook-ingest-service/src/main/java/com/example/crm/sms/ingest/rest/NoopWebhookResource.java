package com.example.crm.sms.ingest.rest;

import com.example.crm.sms.ingest.config.IngestConfig;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The benchmark's baseline: a webhook of the same service (same HTTP stack, same body buffering by
 * {@link WebhookLimits}, same answer) minus the signature check, the mapping and Kafka. Off unless
 * SMS_INGEST_BENCH_NOOP_ENABLED=true, because it accepts anyone's request; off, it answers 404 like
 * an unknown path.
 */
@Path("/twilio/noop")
public class NoopWebhookResource {

  private final boolean enabled;

  public NoopWebhookResource(IngestConfig config) {
    this.enabled = config.bench().noopEnabled();
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @NonBlocking
  @Operation(hidden = true)
  public Response noop() {
    if (!enabled) {
      throw new NotFoundException();
    }
    return TwilioWebhookResource.emptyTwiml();
  }
}
