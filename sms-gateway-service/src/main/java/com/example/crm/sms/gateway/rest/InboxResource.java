package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.ConversationService;
import com.example.crm.sms.gateway.service.InboxStreamService;
import com.example.crm.sms.security.Actor;
import com.example.crm.sms.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The inbox: every conversation, newest activity first, with the caller's unread count. Who reads
 * is the token's subject, never a header or a body field.
 */
@Path("/api/conversations")
public class InboxResource {

  private final ConversationService conversations;
  private final InboxStreamService stream;
  // Resolved before the method runs (@RolesAllowed), so reading it never blocks.
  private final SecurityIdentity identity;

  public InboxResource(
      ConversationService conversations, InboxStreamService stream, SecurityIdentity identity) {
    this.conversations = conversations;
    this.stream = stream;
    this.identity = identity;
  }

  /** {@code limit} and {@code unread} are read as text, so a bad one is a problem naming it. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "The inbox",
      description =
          "One row per peer number, most recent activity first (ties by phone), with the"
              + " caller's unreadCount and readUpTo. limit 1..100 (default 30; else 422); pass"
              + " nextCursor as cursor for the next page (a cursor this API did not give out is a"
              + " 400); unread=true keeps the conversations with texts the caller has not read."
              + " Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Uni<ConversationListResponse> list(
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") String limit,
      @QueryParam("unread") String unread) {
    return conversations
        .list(subject(), cursor, limit, unread)
        .map(ConversationDtoMapper::toResponse);
  }

  @POST
  @Path("/{phone}/read")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "Mark a conversation read",
      description =
          "Read by the caller up to and including message upTo; never backwards (an older upTo"
              + " changes nothing and still answers 200). 200 with the conversation as the caller"
              + " sees it then; 422 naming upTo when it is missing, no UUID or not a message of"
              + " this conversation; 404 when there is no conversation with the number. Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Uni<ConversationResponse> read(@PathParam("phone") String phone, ReadRequest request) {
    return conversations
        .markRead(subject(), phone, request == null ? null : request.upTo())
        .map(ConversationDtoMapper::toResponse);
  }

  /**
   * Server-sent events named "conversation", each the conversation as the subscriber sees it. Past
   * the configured number of open streams, 503 with Retry-After (the console reconnects by itself).
   */
  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "The inbox, live",
      description =
          "Server-sent events named conversation, one per change of a conversation (a new text"
              + " either way, a status change of its last message, an opt-out change) and per"
              + " read marking of the subscriber's own (from any tab or replica); id ="
              + " phone:lastMessage.id:status:unreadCount. 503 with Retry-After past the"
              + " open-stream cap. The token is checked when the stream opens. Role: "
              + Roles.VIEWER
              + " (or higher).")
  public Multi<OutboundSseEvent> stream(@Context Sse sse) {
    return stream
        .inbox(subject())
        .map(ConversationDtoMapper::toResponse)
        .map(
            c ->
                sse.newEventBuilder()
                    .name("conversation")
                    .id(ConversationDtoMapper.eventId(c))
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(ConversationResponse.class, c)
                    .build());
  }

  private String subject() {
    return Actor.of(identity).subject();
  }
}
