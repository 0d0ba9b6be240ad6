package com.example.crm.sms.contacts.repository;

import java.util.UUID;

/**
 * What storing an SMS event did.
 *
 * @param contactId the contact the event was applied to
 * @param created whether this event created the contact
 * @param activities how many activities it added (0 for a repeat)
 */
public record Applied(UUID contactId, boolean created, long activities) {}
