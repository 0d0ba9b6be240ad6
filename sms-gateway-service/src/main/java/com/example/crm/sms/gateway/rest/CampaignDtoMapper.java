package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.Campaign;
import com.example.crm.sms.gateway.service.CampaignDraft;
import java.util.List;

/** The campaign API's JSON types to and from the service's records. */
final class CampaignDtoMapper {

  private CampaignDtoMapper() {}

  static CampaignDraft toDraft(CampaignRequest r) {
    return r == null
        ? null
        : new CampaignDraft(r.name(), r.body(), r.sendAt(), r.start(), toDrafts(r.recipients()));
  }

  static List<CampaignDraft.RecipientDraft> toDrafts(List<CampaignRequest.Recipient> list) {
    return list == null
        ? null
        : list.stream()
            .map(
                r ->
                    r == null
                        ? null
                        : new CampaignDraft.RecipientDraft(r.to(), r.contactId(), r.fields()))
            .toList();
  }

  static CampaignResponse toResponse(Campaign c) {
    Campaign.Counts n = c.counts();
    return new CampaignResponse(
        c.id(),
        c.name(),
        c.body(),
        c.status(),
        c.sendAt(),
        c.createdAt(),
        c.updatedAt(),
        c.createdBy() == null
            ? null
            : new MessageResponse.SentBy(c.createdBy().subject(), c.createdBy().name()),
        new CampaignResponse.Counts(
            n.total(),
            n.queued(),
            n.held(),
            n.sent(),
            n.delivered(),
            n.undelivered(),
            n.failed(),
            n.skipped(),
            n.canceled()),
        new CampaignResponse.Segments(c.segments().estimated(), c.segments().actual()));
  }

  static CampaignResponse.CampaignPage toPage(Campaign.Page<Campaign> p) {
    return new CampaignResponse.CampaignPage(
        p.items().stream().map(CampaignDtoMapper::toResponse).toList(), p.nextCursor());
  }

  static CampaignResponse.RecipientPage toRecipientPage(Campaign.Page<Campaign.Recipient> p) {
    return new CampaignResponse.RecipientPage(
        p.items().stream()
            .map(
                r ->
                    new CampaignResponse.RecipientState(
                        r.to(),
                        r.contactId(),
                        r.status(),
                        r.messageId(),
                        r.heldUntil(),
                        r.errorCode()))
            .toList(),
        p.nextCursor());
  }
}
