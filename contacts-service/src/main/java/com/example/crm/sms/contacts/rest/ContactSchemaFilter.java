package com.example.crm.sms.contacts.rest;

import com.example.crm.sms.contacts.service.ContactField;
import com.example.crm.sms.contacts.service.ContactType;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * The API document's limits and value lists come from the code that enforces them ({@link
 * ContactField}, {@link ContactType}), never from annotation text that could drift: the members of
 * ContactRequest get their maxLength, enumeration and default, the search's {@code type} parameter
 * the contact types.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ContactSchemaFilter implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
      return;
    }
    Schema request = openAPI.getComponents().getSchemas().get("ContactRequest");
    Map<String, Schema> properties = request == null ? null : request.getProperties();
    if (properties != null) {
      for (ContactField field : ContactField.values()) {
        Schema property = properties.get(field.jsonName());
        if (property == null) {
          continue;
        }
        field.maxLength().ifPresent(property::setMaxLength);
        if (!field.allowedValues().isEmpty()) {
          property.setEnumeration(new ArrayList<>(field.allowedValues()));
        }
        if (field.createDefault() != null) {
          property.setDefaultValue(field.createDefault());
        }
      }
    }
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItem("/api/contacts") == null) {
      return;
    }
    var search = openAPI.getPaths().getPathItem("/api/contacts").getGET();
    List<Parameter> parameters = search == null ? null : search.getParameters();
    if (parameters == null) {
      return;
    }
    for (Parameter p : parameters) {
      if ("type".equals(p.getName()) && p.getSchema() != null) {
        p.getSchema().setEnumeration(new ArrayList<>(ContactType.wireValueList()));
      }
    }
  }
}
