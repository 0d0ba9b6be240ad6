package com.example.crm.sms.contacts.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A note on a contact's timeline. Who wrote it comes from the sign-in, never from the body.
 *
 * @param body the note: 1 to 2000 characters after trimming; line breaks and tabs are kept, other
 *     control characters are refused
 */
@Schema(name = "NoteRequest")
public record NoteRequest(
    @Schema(minLength = 1, maxLength = 2000, examples = "Prefers texts after 5pm") String body) {}
