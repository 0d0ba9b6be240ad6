package com.example.crm.sms.contacts.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new contact. Every field is optional, but a contact needs a name, company, email or phone. */
@Schema(name = "ContactRequest")
public record ContactRequest(
    @Schema(maxLength = 100) String firstName,
    @Schema(maxLength = 100) String lastName,
    @Schema(maxLength = 200) String company,
    @Schema(maxLength = 320, examples = "jane@example.com") String email,
    @Schema(
            maxLength = 64,
            description = "any format; stored as entered and as E.164",
            examples = "(239) 426-7058")
        String phone,
    @Schema(
            enumeration = {"prospect", "lead", "customer", "partner", "vendor", "other"},
            defaultValue = "prospect")
        String type,
    @Schema(
            enumeration = {"manual", "import"},
            defaultValue = "manual")
        String source,
    @Schema(maxLength = 10000) String notes) {}
