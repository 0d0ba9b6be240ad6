package com.example.crm.sms.contacts.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ContactActivityRepository implements PanacheRepositoryBase<ContactActivity, UUID> {

  /** A contact's timeline, newest first. */
  public Uni<List<ContactActivity>> timeline(UUID contactId, int page, int size) {
    return find(
            "from ContactActivity a where a.contactId = :contactId"
                + " order by a.occurredAt desc, a.createdAt desc, a.id desc",
            Parameters.with("contactId", contactId))
        .page(page, size)
        .list();
  }

  public Uni<Long> countFor(UUID contactId) {
    return count("contactId", contactId);
  }
}
