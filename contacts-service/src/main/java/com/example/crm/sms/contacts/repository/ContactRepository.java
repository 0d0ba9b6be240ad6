package com.example.crm.sms.contacts.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<Contact, UUID> {

  public Uni<Contact> findByPhoneE164(String phoneE164) {
    return find("phoneE164", phoneE164).firstResult();
  }

  /** The contacts of these E.164 numbers (a number without a contact has no row). */
  public Uni<List<Contact>> findByPhonesE164(List<String> phonesE164) {
    return list("phoneE164 in ?1", phonesE164);
  }

  public Uni<List<Contact>> search(ContactSearch search, int page, int size) {
    Parameters params = new Parameters();
    String where = where(search, params);
    String order =
        switch (search.sort()) {
          case LAST_CONTACTED ->
              " order by c.lastContactedAt desc nulls last, c.createdAt desc, c.id";
          case NAME ->
              " order by lower(coalesce(c.firstName, c.lastName, c.company, c.email, c.phoneE164)),"
                  + " lower(c.lastName) nulls first, c.id";
        };
    return find("from Contact c" + where + order, params).page(page, size).list();
  }

  public Uni<Long> count(ContactSearch search) {
    Parameters params = new Parameters();
    return count("from Contact c" + where(search, params), params);
  }

  private static String where(ContactSearch search, Parameters params) {
    List<String> all = new ArrayList<>();
    if (search.type() != null) {
      all.add("c.type = :type");
      params.and("type", search.type());
    }
    List<String> any = new ArrayList<>();
    if (search.text() != null) {
      String pattern = "%" + escapeLike(search.text()) + "%";
      params.and("text", pattern);
      any.add(
          "lower(concat(coalesce(c.firstName, ''), ' ', coalesce(c.lastName, ''))) like :text"
              + " escape '\\'");
      any.add("lower(c.email) like :text escape '\\'");
      any.add("lower(c.company) like :text escape '\\'");
    }
    if (search.phoneE164() != null) {
      any.add("c.phoneE164 = :e164");
      params.and("e164", search.phoneE164());
    }
    if (search.phoneDigits() != null) {
      any.add("c.phoneE164 like :digits");
      params.and("digits", "%" + search.phoneDigits() + "%");
    }
    if (!any.isEmpty()) {
      all.add("(" + String.join(" or ", any) + ")");
    }
    return all.isEmpty() ? "" : " where " + String.join(" and ", all);
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
