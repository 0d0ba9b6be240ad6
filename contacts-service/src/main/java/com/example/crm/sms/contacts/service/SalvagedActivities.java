package com.example.crm.sms.contacts.service;

import com.example.crm.sms.common.db.SqlStates;
import com.example.crm.sms.contacts.repository.Applied;
import com.example.crm.sms.contacts.repository.NewActivity;
import com.example.crm.sms.contacts.repository.TrafficActivityRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The activities of a salvage are worth a try, not a lost opt-out: a refusal is logged and the
 * salvage stands. (A database outage still fails, so the salvage is retried.)
 */
@ApplicationScoped
public class SalvagedActivities {

  private static final Logger LOG = Logger.getLogger(SalvagedActivities.class);

  private final TrafficActivityRepository repository;

  public SalvagedActivities(TrafficActivityRepository repository) {
    this.repository = repository;
  }

  Uni<Void> addIfPossible(Applied applied, List<NewActivity> activities) {
    return repository
        .insertActivities(applied.contactId(), activities)
        .replaceWithVoid()
        .onFailure(e -> SqlStates.classify(e) == SqlStates.Kind.DATA)
        .recoverWithItem(
            e -> {
              LOG.errorf(
                  e,
                  "BUG: the database refused even the salvaged activities %s of contact %s",
                  activities.stream().map(NewActivity::dedupeKey).toList(),
                  applied.contactId());
              return null;
            });
  }
}
