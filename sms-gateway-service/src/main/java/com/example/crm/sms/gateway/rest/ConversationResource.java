package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.MessageService;
import com.example.crm.sms.gateway.service.MessageStreamService;
import com.example.crm.sms.gateway.service.NumberService;
import com.example.crm.sms.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/conversations/{phone}")
public class ConversationResource {

  private final MessageService messages;
  private final MessageStreamService stream;
  private final NumberService numbers;

  public ConversationResource(
      MessageService messages, MessageStreamService stream, NumberService numbers) {
    this.messages = messages;
    this.stream = stream;
    this.numbers = numbers;
  }

  /**
   * Newest first; pass the answer's nextCursor as {@code before} for older texts. {@code limit} is
   * read as text so that a bad one is a 400 naming it, not RESTEasy's 404.
   */
  @GET
  @Path("/messages")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "A conversation's texts",
      description =
          "Newest first, limit 1..100 (default 20); pass nextCursor as before for older texts."
              + " Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Uni<MessagePage> messages(
      @PathParam("phone") String phone,
      @QueryParam("before") String before,
      @QueryParam("limit") String limit) {
    return messages.conversation(phone, before, limit).map(MessageDtoMapper::toPage);
  }

  /**
   * Server-sent events named "message": each new text and each change of one, as JSON. Past the
   * configured number of open streams, 503 with Retry-After (the console reconnects by itself).
   */
  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "A conversation, live",
      description =
          "Server-sent events named message, one per new text and per change of one; 503 with"
              + " Retry-After past the open-stream cap. The token is checked when the stream"
              + " opens. Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Multi<OutboundSseEvent> stream(@PathParam("phone") String phone, @Context Sse sse) {
    String e164 = numbers.e164(phone);
    return stream
        .conversation(e164)
        .map(MessageDtoMapper::toResponse)
        .map(
            m ->
                sse.newEventBuilder()
                    .name("message")
                    .id(m.id() + ":" + m.status())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(MessageResponse.class, m)
                    .build());
  }
}
