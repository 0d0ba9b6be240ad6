package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.repository.MediaEntity;
import com.example.crm.sms.gateway.repository.MessageEntity;
import com.example.crm.sms.gateway.repository.MessageMediaRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rows to the domain record with their media lists: one query for a whole page (never one per
 * text), and none when the rows hold no inbound text (only those carry media).
 */
@ApplicationScoped
public class MessageMediaLists {

  private final MessageMediaRepository media;

  public MessageMediaLists(MessageMediaRepository media) {
    this.media = media;
  }

  /** The rows as messages, in their order, each with its media. */
  public Uni<List<Message>> toMessages(SqlClient db, List<MessageEntity> rows) {
    List<UUID> inbound =
        rows.stream()
            .filter(m -> MessageEntity.INBOUND.equals(m.direction))
            .map(m -> m.id)
            .toList();
    Uni<Map<UUID, List<MediaEntity>>> items =
        inbound.isEmpty() ? Uni.createFrom().item(Map.of()) : media.byMessages(db, inbound);
    return items.map(
        byId ->
            rows.stream()
                .map(m -> MessageMapper.toMessage(m, byId.getOrDefault(m.id, List.of())))
                .toList());
  }

  /** One row as a message with its media; null stays null. */
  public Uni<Message> toMessage(SqlClient db, MessageEntity row) {
    return row == null
        ? Uni.createFrom().nullItem()
        : toMessages(db, List.of(row)).map(list -> list.get(0));
  }
}
