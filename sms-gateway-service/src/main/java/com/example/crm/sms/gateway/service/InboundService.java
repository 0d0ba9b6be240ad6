package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MediaItem;
import com.example.crm.sms.events.MessageStatus;
import com.example.crm.sms.gateway.repository.Columns;
import com.example.crm.sms.gateway.repository.MediaEntity;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageRepository;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Stores inbound texts (sms.inbound.v1) once per MessageSid, and applies their opt-out and opt-in
 * keywords to the opt-out list in the same transaction. Twilio was told we have the text, so it is
 * never refused for what it contains (rules 1 and 12, docs/architecture.md): its text is cleaned
 * and every value fitted to its column before it is stored ({@link #prepare}); should the database
 * still refuse it, {@link #salvage} keeps the opt-out and a plainer copy of the text.
 */
@ApplicationScoped
public class InboundService {

  private static final Logger LOG = Logger.getLogger(InboundService.class);

  /** The source of an opt-out or opt-in a text's keyword made. */
  static final String KEYWORD_SOURCE = "keyword";

  private final Pool pool;
  private final MessageRepository messages;
  private final OptOutRepository optOuts;
  private final MessageChanges changes;
  private final InboundMediaWriter media;
  private final MeterRegistry registry;

  /**
   * An inbound text ready to store, prepared once and stored as often as a retry needs.
   *
   * @param eventId the event's id, for logs
   * @param message the row to insert, every value cleaned and fitted
   * @param keyword what the text asks of the opt-out list
   * @param media its MMS items (Twilio's MediaUrlN), stored with it
   */
  public record InboundText(
      UUID eventId, MessageEntity message, KeywordKind keyword, List<MediaEntity> media) {}

  public InboundService(
      Pool pool,
      MessageRepository messages,
      OptOutRepository optOuts,
      MessageChanges changes,
      InboundMediaWriter media,
      MeterRegistry registry) {
    this.pool = pool;
    this.messages = messages;
    this.optOuts = optOuts;
    this.changes = changes;
    this.media = media;
    this.registry = registry;
  }

  /** Why the event can never be stored (it names no text or no sender), or null. */
  public String invalid(InboundMessageReceivedEvent e) {
    if (e.messageSid() == null || e.messageSid().isBlank()) {
      return "inbound event " + e.eventId() + " without MessageSid";
    }
    if (e.from() == null || e.from().isBlank()) {
      return "inbound event " + e.eventId() + " without From";
    }
    return null;
  }

  /** The row the event makes: text cleaned, values fitted; logs and counts what had to change. */
  public InboundText prepare(InboundMessageReceivedEvent e) {
    StoredValues values = new StoredValues();
    Instant now = MessageEntity.now();
    MessageEntity m = new MessageEntity();
    m.id = UUID.randomUUID();
    m.direction = MessageEntity.INBOUND;
    m.messageSid = values.fit("messageSid", e.messageSid(), Columns.SID);
    m.fromNumber = values.fit("from", e.from(), Columns.PHONE);
    m.peerNumber = m.fromNumber;
    m.toNumber = e.to() == null ? "" : values.fit("to", e.to(), Columns.PHONE);
    m.messagingServiceSid = values.fit("messagingServiceSid", e.messagingServiceSid(), Columns.SID);
    m.body = e.body() == null ? "" : values.text("body", e.body());
    SegmentCalculator.Result segments = SegmentCalculator.calculate(m.body);
    m.status = MessageStatus.RECEIVED;
    m.segments = e.numSegments() > 0 ? e.numSegments() : segments.segments();
    m.encoding = segments.encoding();
    m.mediaCount = e.media().size();
    m.createdAt = values.time("occurredAt", e.occurredAt(), now);
    m.updatedAt = now;
    List<MediaEntity> items = media(m.id, e.media(), values);
    List<String> changed = values.changed();
    if (!changed.isEmpty()) {
      // Loud: the ingest service should have sent storable values. Never the text itself.
      LOG.warnf(
          "Inbound %s (event %s): %s cleaned or shortened to be stored",
          m.messageSid, e.eventId(), changed);
      changed.forEach(
          f ->
              registry
                  .counter("sms.consumer.values.fitted", "channel", "inbound", "field", f)
                  .increment());
    } else if (e.bodyCleaned()) {
      LOG.debugf("Inbound %s: the ingest service cleaned its body", m.messageSid);
    }
    return new InboundText(
        e.eventId(), m, e.keyword() == null ? KeywordKind.NONE : e.keyword(), items);
  }

  /** The event's media items, numbered as Twilio numbered them; one without a URL is no item. */
  private static List<MediaEntity> media(UUID id, List<MediaItem> items, StoredValues values) {
    List<MediaEntity> media = new ArrayList<>(items.size());
    for (int n = 0; n < items.size(); n++) {
      MediaItem item = items.get(n);
      if (item != null && item.url() != null && !item.url().isBlank()) {
        media.add(
            new MediaEntity(
                id,
                n,
                values.text("media.url", item.url()),
                values.text("media.contentType", item.contentType())));
      }
    }
    return media;
  }

  /** The whole change, in one transaction: the text once, its keyword, the live notification. */
  public Uni<Void> store(InboundText t) {
    return pool.withTransaction(tx -> insert(tx, t.message(), t.media(), t.keyword()));
  }

  /**
   * What must be kept when the database refused {@link #store} as data: first the opt-out or opt-in
   * on its own (unless the text is stored already), then the text without its optional details
   * (Messaging Service, Twilio's segment count, its time, its media). When that is refused too, the
   * Uni fails and the caller dead-letters the event with the reason; the opt-out stays applied.
   */
  public Uni<Void> salvage(InboundText t) {
    MessageEntity full = t.message();
    MessageEntity plain = new MessageEntity();
    plain.id = full.id;
    plain.direction = full.direction;
    plain.messageSid = full.messageSid;
    plain.fromNumber = full.fromNumber;
    plain.peerNumber = full.peerNumber;
    plain.toNumber = full.toNumber;
    plain.body = full.body;
    plain.mediaCount = full.mediaCount;
    SegmentCalculator.Result segments = SegmentCalculator.calculate(plain.body);
    plain.status = full.status;
    plain.segments = segments.segments();
    plain.encoding = segments.encoding();
    plain.createdAt = MessageEntity.now();
    plain.updatedAt = plain.createdAt;
    Uni<Void> keyword =
        t.keyword() == KeywordKind.OPT_OUT || t.keyword() == KeywordKind.OPT_IN
            ? pool.withTransaction(
                tx ->
                    messages
                        .existsBySid(tx, full.messageSid)
                        .chain(
                            stored ->
                                stored
                                    ? Uni.createFrom().voidItem()
                                    : keyword(tx, full.fromNumber, t.keyword())))
            : Uni.createFrom().voidItem();
    return keyword.chain(
        () -> pool.withTransaction(tx -> insert(tx, plain, List.of(), KeywordKind.NONE)));
  }

  private Uni<Void> insert(
      SqlClient tx, MessageEntity m, List<MediaEntity> items, KeywordKind keyword) {
    return messages
        .insert(tx, m)
        .chain(
            inserted ->
                inserted
                    ? media
                        .insert(tx, items)
                        .chain(() -> keyword(tx, m.fromNumber, keyword))
                        .chain(() -> changes.received(tx, m))
                    : Uni.createFrom().voidItem());
  }

  private Uni<Void> keyword(SqlClient tx, String from, KeywordKind keyword) {
    return switch (keyword) {
      case OPT_OUT -> optOuts.upsert(tx, from, true, KEYWORD_SOURCE, from).replaceWithVoid();
      case OPT_IN -> optOuts.upsert(tx, from, false, KEYWORD_SOURCE, from).replaceWithVoid();
      default -> Uni.createFrom().voidItem();
    };
  }
}
