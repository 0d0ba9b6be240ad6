package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.contacts.config.ConsoleConfig;
import com.example.crm.sms.contacts.service.ContactType;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the web console reads before anyone has signed in: its sign-in settings and the contact
 * types it offers (the service's own list, {@link ContactType}). Anonymous, and no secret (the
 * console is a public client with PKCE).
 */
@Path("/console/config.json")
@Tag(name = "Console", description = "What the web console needs before sign-in")
public class ConsoleConfigResource {

  private final ConsoleConfigResponse config;

  public ConsoleConfigResource(ConsoleConfig config) {
    this.config =
        new ConsoleConfigResponse(
            config.oidcIssuer(), config.oidcClientId(), ContactType.wireValueList());
  }

  @GET
  @PermitAll
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The console's sign-in settings and contact types (anonymous)",
      description =
          "authority: the OpenID Connect issuer the console signs in with, as the browser reaches"
              + " it; clientId: the console's public client (Authorization Code with PKCE);"
              + " contactTypes: the contact types, in the order the console offers them.")
  @APIResponse(
      responseCode = "200",
      description = "The settings",
      content = @Content(schema = @Schema(implementation = ConsoleConfigResponse.class)))
  public Response get() {
    // Revalidated on every load: a redeployment with another provider takes effect at once.
    CacheControl cache = new CacheControl();
    cache.setNoCache(true);
    return Response.ok(config).cacheControl(cache).build();
  }

  /**
   * @param authority the issuer URL (discovery is {@code <authority>/.well-known/...})
   * @param clientId the console's client id at the provider
   * @param contactTypes the wire values of the contact types, in display order
   */
  public record ConsoleConfigResponse(
      String authority, String clientId, List<String> contactTypes) {}
}
