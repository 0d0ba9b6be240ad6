package com.example.crm.sms.gateway.service;

import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.gateway.repository.MessageBatchRepository;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.OptOutRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores a batch of inbound texts (sms.inbound.v1) as {@link InboundService} stores one, in one
 * transaction and four statements whatever the batch's size: the texts not stored yet (once per
 * MessageSid), their media, the opt-out list as their keywords leave it (per number, the last STOP
 * or START of the batch wins), one notification per conversation.
 */
@ApplicationScoped
public class InboundBatchService {

  private final Pool pool;
  private final MessageBatchRepository messages;
  private final OptOutRepository optOuts;
  private final MessageChanges changes;
  private final InboundMediaWriter media;

  public InboundBatchService(
      Pool pool,
      MessageBatchRepository messages,
      OptOutRepository optOuts,
      MessageChanges changes,
      InboundMediaWriter media) {
    this.pool = pool;
    this.messages = messages;
    this.optOuts = optOuts;
    this.changes = changes;
    this.media = media;
  }

  /** The whole batch in one transaction; each text as {@link InboundService#prepare} made it. */
  public Uni<Void> store(List<InboundService.InboundText> texts) {
    // A repeat within the batch is a repeat: the first of each MessageSid is kept.
    Map<String, InboundService.InboundText> once = new LinkedHashMap<>();
    texts.forEach(t -> once.putIfAbsent(t.message().messageSid, t));
    List<MessageEntity> rows =
        once.values().stream().map(InboundService.InboundText::message).toList();
    return pool.withTransaction(
        tx ->
            messages
                .insertInbound(tx, rows)
                .call(inserted -> media.insertStored(tx, once.values(), inserted))
                .chain(inserted -> stored(tx, List.copyOf(once.values()), inserted)));
  }

  /** The keywords and notifications of the texts this batch stored (not of repeats). */
  private Uni<Void> stored(
      SqlClient tx, List<InboundService.InboundText> texts, Set<UUID> inserted) {
    List<MessageEntity> stored = new ArrayList<>();
    Map<String, OptOutRepository.Change> keywords = new LinkedHashMap<>();
    for (InboundService.InboundText t : texts) {
      MessageEntity m = t.message();
      if (!inserted.contains(m.id)) {
        continue;
      }
      stored.add(m);
      if (t.keyword() == KeywordKind.OPT_OUT || t.keyword() == KeywordKind.OPT_IN) {
        keywords.put(
            m.fromNumber,
            new OptOutRepository.Change(
                m.fromNumber, t.keyword() == KeywordKind.OPT_OUT, m.fromNumber));
      }
    }
    Uni<Void> optOut =
        keywords.isEmpty()
            ? Uni.createFrom().voidItem()
            : optOuts.upsertAll(tx, List.copyOf(keywords.values()), InboundService.KEYWORD_SOURCE);
    return optOut.chain(() -> changes.receivedAll(tx, stored));
  }
}
