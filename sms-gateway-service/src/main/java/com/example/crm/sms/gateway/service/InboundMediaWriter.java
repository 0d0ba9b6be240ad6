package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.repository.MediaEntity;
import com.example.crm.sms.gateway.repository.MessageMediaRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stores the media items of inbound texts in the transaction that stores the texts, and only of the
 * texts that transaction inserted: a replayed event (its MessageSid stored already) adds none.
 */
@ApplicationScoped
public class InboundMediaWriter {

  private final MessageMediaRepository media;

  public InboundMediaWriter(MessageMediaRepository media) {
    this.media = media;
  }

  /** The items of one text just inserted. */
  Uni<Void> insert(SqlClient tx, List<MediaEntity> items) {
    return media.insertAll(tx, items);
  }

  /** The items of the texts of a batch whose ids are in {@code inserted}, in one statement. */
  Uni<Void> insertStored(
      SqlClient tx, Collection<InboundService.InboundText> texts, Set<UUID> inserted) {
    List<MediaEntity> items =
        texts.stream()
            .filter(t -> inserted.contains(t.message().id))
            .flatMap(t -> t.media().stream())
            .toList();
    return media.insertAll(tx, items);
  }
}
