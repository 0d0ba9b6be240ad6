package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.contacts.service.ContactReadService;
import com.example.crm.sms.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Contacts of many numbers at once: how a list of conversations gets its names in one request. */
@Path("/api/contacts/by-phones")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts", description = "Contacts, kept up to date from SMS traffic")
public class ContactLookupResource {

  /** The contacts found; a number without a contact has none. */
  public record ContactsFound(List<ContactResponse> items) {}

  private final ContactReadService reads;

  public ContactLookupResource(ContactReadService reads) {
    this.reads = reads;
  }

  @GET
  @RolesAllowed(Roles.VIEWER)
  @Operation(
      summary = "Find the contacts of several phone numbers",
      description =
          "phone repeated, each in any format, at most "
              + ContactReadService.MAX_PHONES
              + "; numbers without a contact are left out (match them by phoneE164).")
  @APIResponse(responseCode = "200", description = "The contacts found")
  @APIResponse(responseCode = "400", description = "More phone numbers than allowed")
  @APIResponse(responseCode = "422", description = "A phone number that is not valid")
  public Uni<ContactsFound> byPhones(
      @Parameter(description = "a phone number; repeat for more") @QueryParam("phone")
          List<String> phones) {
    return reads
        .byPhones(phones == null ? List.of() : phones)
        .map(list -> new ContactsFound(list.stream().map(ContactMapper::toResponse).toList()));
  }
}
