package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.http.QueryParams;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.gateway.repository.CampaignRepository;
import com.example.crm.sms.gateway.repository.CampaignRepository.CampaignRow;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Reads campaigns: one with its counts, the list, its recipients, and its counts live. */
@ApplicationScoped
public class CampaignQueries {

  private static final int DEFAULT_PAGE = 20;
  private static final int MAX_PAGE = 100;

  /** How often a live stream looks at its campaign: at most 4 events per second. */
  static final Duration WATCH_EVERY = Duration.ofMillis(250);

  static final Set<String> STATES =
      Set.of("queued", "held", "sent", "delivered", "undelivered", "failed", "skipped", "canceled");

  private final Pool pool;
  private final CampaignRepository campaigns;

  public CampaignQueries(Pool pool, CampaignRepository campaigns) {
    this.pool = pool;
    this.campaigns = campaigns;
  }

  /** The path's campaign id; a malformed one is a 400 naming {@code id}. */
  static UUID campaignId(String rawId) {
    SafeText.requireSafe("id", rawId);
    try {
      return UUID.fromString(rawId.strip());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(
          "id",
          "Path parameter 'id': '"
              + QueryParams.abbreviated(rawId)
              + "' is not a campaign id (UUID)");
    }
  }

  public Uni<Campaign> get(String rawId) {
    return get(campaignId(rawId));
  }

  Uni<Campaign> get(UUID id) {
    return campaigns
        .find(pool, id)
        .chain(
            c -> {
              if (c == null) {
                throw ProblemException.notFound("No campaign " + id);
              }
              return withCounts(c);
            });
  }

  /** Newest first; {@code cursor} is the previous page's nextCursor. */
  public Uni<Campaign.Page<Campaign>> list(String cursor, String limit) {
    int size = QueryParams.intInRange("limit", limit, 1, MAX_PAGE, DEFAULT_PAGE);
    HistoryCursor after =
        cursor == null || cursor.isBlank() ? null : HistoryCursor.parse("cursor", cursor);
    return campaigns
        .page(
            pool,
            after == null ? null : after.createdAt(),
            after == null ? null : after.id(),
            size + 1)
        .chain(
            rows -> {
              boolean more = rows.size() > size;
              List<CampaignRow> page = more ? rows.subList(0, size) : rows;
              String next =
                  more
                      ? new HistoryCursor(page.get(size - 1).createdAt(), page.get(size - 1).id())
                          .encode()
                      : null;
              if (page.isEmpty()) {
                return Uni.createFrom().item(new Campaign.Page<Campaign>(List.of(), next));
              }
              List<Uni<Campaign>> each = new ArrayList<>();
              page.forEach(c -> each.add(withCounts(c)));
              return Uni.join()
                  .all(each)
                  .andFailFast()
                  .map(items -> new Campaign.Page<>(items, next));
            });
  }

  /** Recipients in number order, of one state or all; {@code cursor}: the previous nextCursor. */
  public Uni<Campaign.Page<Campaign.Recipient>> recipients(
      String rawId, String status, String cursor, String limit) {
    UUID id = campaignId(rawId);
    int size = QueryParams.intInRange("limit", limit, 1, MAX_PAGE, DEFAULT_PAGE);
    String state = status == null || status.isBlank() ? null : status.strip();
    if (state != null && !STATES.contains(state)) {
      throw ProblemException.badRequest(
          "status",
          "Query parameter 'status': '"
              + QueryParams.abbreviated(status)
              + "' is none of "
              + String.join(", ", new java.util.TreeSet<>(STATES)));
    }
    String afterTo = cursor == null || cursor.isBlank() ? null : decodeCursor(cursor);
    return get(id)
        .chain(() -> campaigns.recipients(pool, id, state, afterTo, size + 1))
        .map(
            rows -> {
              boolean more = rows.size() > size;
              List<CampaignRepository.RecipientRow> page = more ? rows.subList(0, size) : rows;
              return new Campaign.Page<>(
                  page.stream()
                      .map(
                          r ->
                              new Campaign.Recipient(
                                  r.to(),
                                  r.contactId(),
                                  r.state(),
                                  r.messageId(),
                                  r.heldUntil(),
                                  r.errorCode()))
                      .toList(),
                  more ? encodeCursor(page.get(size - 1).to()) : null);
            });
  }

  /**
   * The campaign at once and again whenever its counts or status change, looked at every {@link
   * #WATCH_EVERY} (ticks a slow read would miss are dropped, not queued).
   */
  public Multi<Campaign> watch(String rawId) {
    UUID id = campaignId(rawId);
    return get(id)
        .onItem()
        .transformToMulti(
            first ->
                Multi.createBy()
                    .concatenating()
                    .streams(
                        Multi.createFrom().item(first),
                        Multi.createFrom()
                            .ticks()
                            .every(WATCH_EVERY)
                            .onOverflow()
                            .drop()
                            .onItem()
                            .transformToUniAndConcatenate(t -> get(id))))
        .skip()
        .repetitions();
  }

  private Uni<Campaign> withCounts(CampaignRow c) {
    return campaigns
        .counts(pool, c.id())
        .map(
            n ->
                new Campaign(
                    c.id(),
                    c.name(),
                    c.body(),
                    c.status(),
                    c.sendAt(),
                    c.createdAt(),
                    c.updatedAt(),
                    c.createdBySubject() == null
                        ? null
                        : new Message.Sender(c.createdBySubject(), c.createdByName()),
                    new Campaign.Counts(
                        n.total(),
                        n.queued(),
                        n.held(),
                        n.sent(),
                        n.delivered(),
                        n.undelivered(),
                        n.failed(),
                        n.skipped(),
                        n.canceled()),
                    new Campaign.Segments(n.estimatedSegments(), n.actualSegments())));
  }

  private static String encodeCursor(String to) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(to.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    try {
      String to = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
      if (!to.matches("\\+[1-9][0-9]{1,18}")) {
        throw new IllegalArgumentException("not a number");
      }
      return to;
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(
          "cursor", "Query parameter 'cursor' is not a cursor this API gave out (nextCursor)");
    }
  }
}
