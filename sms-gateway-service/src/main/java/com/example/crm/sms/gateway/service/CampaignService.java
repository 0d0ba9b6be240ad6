package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import com.example.crm.sms.gateway.repository.CampaignRepository;
import com.example.crm.sms.gateway.repository.CampaignRepository.CampaignRow;
import com.example.crm.sms.gateway.repository.ConversationRepository;
import com.example.crm.sms.gateway.repository.IdempotencyRepository;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.security.Actor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Creates and runs campaigns: every check (and the merge of each recipient's body) before the
 * transaction, then the campaign, its Idempotency-Key and its texts in one transaction; the moves
 * of its lifecycle ({@link CampaignLifecycle}) under the campaign's row lock.
 */
@ApplicationScoped
public class CampaignService {

  private static final int MAX_NAME = 200;

  private final Pool pool;
  private final CampaignRepository campaigns;
  private final IdempotencyRepository keys;
  private final CampaignRecipients recipients;
  private final CampaignQueries queries;
  private final ConversationRepository conversations;
  private final SendPolicy policy;
  private final Clock clock;

  public CampaignService(
      Pool pool,
      CampaignRepository campaigns,
      IdempotencyRepository keys,
      CampaignRecipients recipients,
      CampaignQueries queries,
      ConversationRepository conversations,
      SendPolicy policy,
      Clock clock) {
    this.pool = pool;
    this.campaigns = campaigns;
    this.keys = keys;
    this.recipients = recipients;
    this.queries = queries;
    this.conversations = conversations;
    this.policy = policy;
    this.clock = clock;
  }

  public Uni<Campaign> create(CampaignDraft draft, String idempotencyKey, Actor actor) {
    if (draft == null) {
      throw ProblemException.unprocessable("body", "The request needs a JSON body");
    }
    SafeText.requireSafe("name", draft.name());
    SafeText.requireSafe("body", draft.body());
    SafeText.requireSafe("sendAt", draft.sendAt());
    SafeText.requireSafe(SendService.IDEMPOTENCY_HEADER, idempotencyKey);
    String name = draft.name() == null ? "" : draft.name().strip();
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw ProblemException.unprocessable(
          "name", "The campaign needs a name of 1 to " + MAX_NAME + " characters");
    }
    if (draft.body() == null || draft.body().isEmpty()) {
      throw ProblemException.unprocessable("body", "The message body is required");
    }
    MergeFields.requireKnown("body", draft.body());
    SendService.requireLength("body", draft.body());
    Instant now = clock.instant();
    Instant sendAt = SendTime.parse("sendAt", draft.sendAt(), now);
    CampaignRecipients.Batch batch = recipients.expand(draft.body(), draft.recipients());
    SendPolicy.Sender via = policy.sender(null);
    String key = SendService.normalizedKey(idempotencyKey);
    String status =
        Boolean.TRUE.equals(draft.start())
            ? CampaignLifecycle.next(
                    CampaignLifecycle.DRAFT, CampaignLifecycle.Action.START, sendAt, now)
                .orElseThrow()
            : CampaignLifecycle.DRAFT;
    Instant created = MessageEntity.now();
    CampaignRow row =
        new CampaignRow(
            UUID.randomUUID(),
            name,
            draft.body(),
            status,
            sendAt,
            via.fromNumber(),
            via.messagingServiceSid(),
            actor.subject(),
            actor.name(),
            created,
            created);
    // The key is the sender's; stored hashed, so a campaign key never meets a single send's.
    String storedKey = key == null ? null : "campaign:" + sha256(key);
    String hash = key == null ? null : requestHash(actor.subject(), draft);
    return pool.withTransaction(
            tx ->
                (storedKey == null
                        ? Uni.createFrom().item(true)
                        : keys.take(tx, storedKey, hash, row.id()))
                    .chain(
                        taken ->
                            taken
                                ? campaigns
                                    .insert(tx, row)
                                    .chain(() -> insert(tx, row, batch, created))
                                    .replaceWith(row.id())
                                : Uni.createFrom().<UUID>nullItem()))
        .chain(id -> id != null ? queries.get(id) : replay(storedKey, hash));
  }

  public Uni<Campaign> addRecipients(
      String rawId, java.util.List<CampaignDraft.RecipientDraft> list) {
    UUID id = CampaignQueries.campaignId(rawId);
    return campaigns
        .find(pool, id)
        // Merging the recipients is CPU work: off the event loop that answered the read.
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .chain(
            found -> {
              if (found == null) {
                throw ProblemException.notFound("No campaign " + id);
              }
              CampaignRecipients.Batch batch = recipients.expand(found.body(), list);
              return pool.withTransaction(
                  tx ->
                      campaigns
                          .lock(tx, id)
                          .chain(
                              c -> {
                                if (!CampaignLifecycle.acceptsRecipients(c.status())) {
                                  throw conflict(
                                      "Campaign "
                                          + id
                                          + " is "
                                          + c.status()
                                          + "; recipients may be added only while it is draft or"
                                          + " scheduled");
                                }
                                return insert(tx, c, batch, MessageEntity.now());
                              }));
            })
        .chain(() -> queries.get(id));
  }

  /** start, pause, resume or cancel: 409 when the campaign's state does not allow it. */
  public Uni<Campaign> act(String rawId, CampaignLifecycle.Action action) {
    UUID id = CampaignQueries.campaignId(rawId);
    return pool.withTransaction(
            tx ->
                campaigns
                    .lock(tx, id)
                    .chain(
                        c -> {
                          if (c == null) {
                            throw ProblemException.notFound("No campaign " + id);
                          }
                          String next =
                              CampaignLifecycle.next(
                                      c.status(), action, c.sendAt(), clock.instant())
                                  .orElseThrow(
                                      () ->
                                          conflict(
                                              "Campaign "
                                                  + id
                                                  + " is "
                                                  + c.status()
                                                  + "; it cannot "
                                                  + action.name().toLowerCase()));
                          return campaigns
                              .setStatus(tx, id, next)
                              .chain(() -> texts(tx, id, next))
                              .chain(() -> started(tx, c, next));
                        }))
        .chain(() -> queries.get(id));
  }

  /** The campaign's pending texts as its new state wants them: due, not due, or canceled. */
  private Uni<Integer> texts(SqlClient tx, UUID id, String status) {
    return switch (status) {
      case CampaignLifecycle.SENDING -> campaigns.release(tx, id, MessageEntity.now());
      case CampaignLifecycle.CANCELED -> campaigns.cancelPending(tx, id);
      default -> campaigns.park(tx, id);
    };
  }

  /**
   * A draft that starts puts its texts in their conversations (a draft's are in none); one that is
   * canceled never does.
   */
  private Uni<Void> started(SqlClient tx, CampaignRow c, String next) {
    return CampaignLifecycle.DRAFT.equals(c.status()) && !CampaignLifecycle.CANCELED.equals(next)
        ? conversations.addedCampaignTexts(tx, c.id(), null)
        : Uni.createFrom().voidItem();
  }

  private Uni<Void> insert(
      SqlClient tx, CampaignRow c, CampaignRecipients.Batch batch, Instant now) {
    if (batch.size() == 0) {
      return Uni.createFrom().voidItem();
    }
    return campaigns
        .insertRecipients(
            tx,
            c,
            batch.ids(),
            batch.to(),
            batch.contactIds(),
            batch.bodies(),
            batch.segments(),
            batch.encodings(),
            CampaignLifecycle.SENDING.equals(c.status()) ? now : null,
            now)
        .chain(
            () ->
                CampaignLifecycle.DRAFT.equals(c.status())
                    ? Uni.createFrom().voidItem()
                    : conversations.addedCampaignTexts(tx, c.id(), batch.ids()));
  }

  private Uni<Campaign> replay(String storedKey, String hash) {
    return keys.find(pool, storedKey)
        .chain(
            stored -> {
              if (stored == null || !stored.requestHash().equals(hash)) {
                throw ProblemException.unprocessable(
                    SendService.IDEMPOTENCY_HEADER,
                    "This Idempotency-Key was used for a different request");
              }
              return queries.get(stored.messageId());
            });
  }

  private static ProblemException conflict(String detail) {
    return new ProblemException(Problem.forField(409, "Conflict", "status", detail));
  }

  /** What the request was, with its sender: a repeat with the same key must be the same. */
  private static String requestHash(String subject, CampaignDraft d) {
    StringBuilder s = new StringBuilder();
    s.append(subject).append('\0').append(d.name()).append('\0').append(d.body()).append('\0');
    s.append(d.sendAt()).append('\0').append(d.start()).append('\0');
    if (d.recipients() != null) {
      for (CampaignDraft.RecipientDraft r : d.recipients()) {
        Map<String, String> fields = r == null || r.fields() == null ? Map.of() : r.fields();
        s.append(r == null ? null : r.to()).append('\1');
        s.append(r == null ? null : r.contactId()).append('\1');
        s.append(new TreeMap<>(fields)).append('\0');
      }
    }
    return sha256(s.toString());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
