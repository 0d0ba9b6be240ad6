package com.example.crm.sms.gateway.rest;

import java.util.List;
import java.util.Map;

/**
 * Body of POST /api/campaigns.
 *
 * @param body the text, with merge fields ({firstName}, {lastName}, {company}, {field|fallback})
 * @param sendAt ISO-8601 with offset, 1 minute to 35 days ahead; absent: sends when started
 * @param start true to start at once; otherwise the campaign stays a draft
 * @param recipients 0 to 10,000; a number twice is one recipient
 */
public record CampaignRequest(
    String name, String body, String sendAt, Boolean start, List<Recipient> recipients) {

  /**
   * @param to the number in any format libphonenumber reads
   * @param contactId the CRM contact's UUID, or absent
   * @param fields this recipient's merge values
   */
  public record Recipient(String to, String contactId, Map<String, String> fields) {}

  /** Body of POST /api/campaigns/{id}/recipients. */
  public record Recipients(List<Recipient> recipients) {}
}
