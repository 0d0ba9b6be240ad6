package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.gateway.service.CancelService;
import com.example.crm.sms.gateway.service.MessageService;
import com.example.crm.sms.gateway.service.SendService;
import com.example.crm.sms.security.Actor;
import com.example.crm.sms.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/api/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

  private final SendService sends;
  private final MessageService messages;
  private final CancelService cancels;
  // Resolved before the method runs (@RolesAllowed), so reading it never blocks.
  private final SecurityIdentity identity;

  public MessageResource(
      SendService sends,
      MessageService messages,
      CancelService cancels,
      SecurityIdentity identity) {
    this.sends = sends;
    this.messages = messages;
    this.cancels = cancels;
    this.identity = identity;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.AGENT)
  @Operation(
      summary = "Queue a text",
      description =
          "202 with the queued message, its sender (sentBy) taken from the token; 422 for a bad"
              + " field (control characters, a sender that is not ours, a destination country not"
              + " allowed), 409 when the recipient opted out. The same Idempotency-Key with the"
              + " same request by the same user answers with the same message. Role: "
              + Roles.AGENT
              + " (or higher).")
  @Parameter(
      name = SendService.IDEMPOTENCY_HEADER,
      in = ParameterIn.HEADER,
      description = "1 to 255 characters; a repeat with the same request answers the same message")
  public Uni<Response> send(SendMessageRequest request, @Context HttpHeaders headers) {
    return sends
        .send(MessageDtoMapper.toDraft(request), idempotencyKey(headers), Actor.of(identity))
        .map(MessageDtoMapper::toResponse)
        .map(
            m ->
                Response.accepted(m)
                    .location(java.net.URI.create("/api/messages/" + m.id()))
                    .build());
  }

  /**
   * The Idempotency-Key as sent: an empty one is a client's mistake (400), not "no key", and so is
   * more than one.
   */
  static String idempotencyKey(HttpHeaders headers) {
    List<String> values = headers.getRequestHeader(SendService.IDEMPOTENCY_HEADER);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ProblemException.badRequest(
          SendService.IDEMPOTENCY_HEADER, "Send one Idempotency-Key header, not " + values.size());
    }
    return values.get(0) == null ? "" : values.get(0);
  }

  @POST
  @Path("/{id}/cancel")
  @RolesAllowed(Roles.AGENT)
  @Operation(
      summary = "Cancel a text not yet handed to the carrier",
      description =
          "200 with the message, status canceled, when it was scheduled, held or queued and not yet"
              + " sending; 409 when it was handed to the carrier (or is no longer pending); 404"
              + " when there is none. Role: "
              + Roles.AGENT
              + " (or higher).")
  public Uni<MessageResponse> cancel(@PathParam("id") String id) {
    return cancels.cancel(id, Actor.of(identity).name()).map(MessageDtoMapper::toResponse);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "One text",
      description =
          "The message with its status; 400 when the id is no UUID, 404 when there is none. Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Uni<MessageResponse> get(@PathParam("id") String id) {
    return messages.get(id).map(MessageDtoMapper::toResponse);
  }
}
