package com.example.crm.sms.gateway.service;

import java.util.List;
import java.util.Map;

/**
 * A campaign as the caller wrote it: {@link CampaignService} checks every field.
 *
 * @param body the text with merge fields ({@link MergeFields})
 * @param sendAt ISO-8601 with offset, or null to send when started
 * @param start whether to start it at once (else it stays a draft)
 */
public record CampaignDraft(
    String name, String body, String sendAt, Boolean start, List<RecipientDraft> recipients) {

  /**
   * @param to the number in any format libphonenumber reads
   * @param contactId the CRM contact's UUID as text, or null
   * @param fields the merge fields' values for this recipient, or null
   */
  public record RecipientDraft(String to, String contactId, Map<String, String> fields) {}
}
