package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.MessageService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

  private final MessageService messages;

  public MessageResource(MessageService messages) {
    this.messages = messages;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Queue a text",
      description =
          "202 with the queued message; 422 for a bad field, 409 when the recipient opted out."
              + " The same Idempotency-Key with the same request answers with the same message.")
  public Uni<Response> send(
      SendMessageRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey) {
    return messages
        .send(request, idempotencyKey)
        .map(
            m ->
                Response.accepted(m)
                    .location(java.net.URI.create("/api/messages/" + m.id()))
                    .build());
  }

  @GET
  @Path("/{id}")
  public Uni<MessageResponse> get(@PathParam("id") UUID id) {
    return messages.get(id);
  }
}
