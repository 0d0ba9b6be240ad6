package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.contacts.config.ContactsConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The web console's sign-in settings. Anonymous: the console reads them before anyone has signed
 * in, and they are no secret (the console is a public client with PKCE).
 */
@Path("/console/config.json")
@Tag(name = "Console", description = "What the web console needs before sign-in")
public class ConsoleConfigResource {

  private final ConsoleConfigResponse config;

  public ConsoleConfigResource(ContactsConfig config) {
    this.config =
        new ConsoleConfigResponse(
            config.console().oidcAuthority(), config.console().oidcClientId());
  }

  @GET
  @PermitAll
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The console's sign-in settings (anonymous)",
      description =
          "authority: the OpenID Connect issuer the console signs in with, as the browser reaches"
              + " it; clientId: the console's public client (Authorization Code with PKCE).")
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
   */
  public record ConsoleConfigResponse(String authority, String clientId) {}
}
