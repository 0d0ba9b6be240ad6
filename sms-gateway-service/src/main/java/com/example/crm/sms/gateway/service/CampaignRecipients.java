package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.http.QueryParams;
import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks a request's recipients (422 naming {@code recipients[i].to} and so on) and merges the body
 * for each, before anything is written: the numbers in E.164, each once (the first wins), with its
 * merged body's segments and encoding.
 */
@ApplicationScoped
public class CampaignRecipients {

  /** The recipients as the insert takes them: column arrays of equal length. */
  public record Batch(
      UUID[] ids,
      String[] to,
      UUID[] contactIds,
      String[] bodies,
      Integer[] segments,
      String[] encodings) {

    public int size() {
      return ids.length;
    }
  }

  private final PhoneNumbers phones;
  private final SendPolicy policy;
  private final int maxPerRequest;

  public CampaignRecipients(PhoneNumbers phones, SendPolicy policy, GatewayConfig config) {
    this.phones = phones;
    this.policy = policy;
    this.maxPerRequest = config.campaign().maxRecipientsPerRequest();
  }

  public Batch expand(String template, List<CampaignDraft.RecipientDraft> recipients) {
    List<CampaignDraft.RecipientDraft> list = recipients == null ? List.of() : recipients;
    if (list.size() > maxPerRequest) {
      throw ProblemException.unprocessable(
          "recipients", "At most " + maxPerRequest + " recipients per request, not " + list.size());
    }
    Map<String, Integer> first = new LinkedHashMap<>();
    String[] to = new String[list.size()];
    for (int i = 0; i < list.size(); i++) {
      CampaignDraft.RecipientDraft r = list.get(i);
      String field = "recipients[" + i + "]";
      if (r == null) {
        throw ProblemException.unprocessable(field, "Recipient " + i + " is null");
      }
      SafeText.requireSafe(field + ".to", r.to());
      SafeText.requireSafe(field + ".contactId", r.contactId());
      SendService.requireSafeFields(field + ".fields", r.fields());
      String e164 =
          phones
              .toE164(r.to())
              .orElseThrow(
                  () ->
                      ProblemException.unprocessable(
                          field + ".to",
                          "Field '"
                              + field
                              + ".to': '"
                              + QueryParams.abbreviated(r.to())
                              + "' is not a valid phone number"));
      try {
        policy.requireAllowedDestination(e164);
      } catch (ProblemException e) {
        throw new ProblemException(
            Problem.forField(
                422,
                "Unprocessable Content",
                field + ".to",
                e.problem().detail().replace("Field 'to'", "Field '" + field + ".to'")));
      }
      to[i] = e164;
      first.putIfAbsent(e164, i);
    }
    int n = first.size();
    Batch batch =
        new Batch(
            new UUID[n], new String[n], new UUID[n], new String[n], new Integer[n], new String[n]);
    int k = 0;
    for (int i : first.values()) {
      CampaignDraft.RecipientDraft r = list.get(i);
      String field = "recipients[" + i + "]";
      String body = MergeFields.render(template, r.fields());
      SendService.requireLength(field + ".fields", body);
      SegmentCalculator.Result segments = SegmentCalculator.calculate(body);
      batch.ids()[k] = UUID.randomUUID();
      batch.to()[k] = to[i];
      batch.contactIds()[k] = SendService.contactId(field + ".contactId", r.contactId());
      batch.bodies()[k] = body;
      batch.segments()[k] = segments.segments();
      batch.encodings()[k] = segments.encoding();
      k++;
    }
    return batch;
  }
}
