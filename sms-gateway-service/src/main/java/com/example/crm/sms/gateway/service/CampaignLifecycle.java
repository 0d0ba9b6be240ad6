package com.example.crm.sms.gateway.service;

import java.time.Instant;
import java.util.Optional;

/**
 * The campaign's states and the moves between them, decided without the database: draft -&gt;
 * scheduled (sendAt ahead) | sending; scheduled | sending -&gt; paused -&gt; scheduled | sending;
 * any but completed and canceled -&gt; canceled; sending -&gt; completed by itself (the ticker).
 */
public final class CampaignLifecycle {

  public static final String DRAFT = "draft";
  public static final String SCHEDULED = "scheduled";
  public static final String SENDING = "sending";
  public static final String PAUSED = "paused";
  public static final String COMPLETED = "completed";
  public static final String CANCELED = "canceled";

  /** What a person may ask of a campaign. */
  public enum Action {
    START,
    PAUSE,
    RESUME,
    CANCEL
  }

  private CampaignLifecycle() {}

  /** The state {@code action} leads to from {@code status}; empty when it is not allowed. */
  public static Optional<String> next(String status, Action action, Instant sendAt, Instant now) {
    String goOn = sendAt != null && sendAt.isAfter(now) ? SCHEDULED : SENDING;
    return Optional.ofNullable(
        switch (action) {
          case START -> DRAFT.equals(status) ? goOn : null;
          case PAUSE -> SENDING.equals(status) || SCHEDULED.equals(status) ? PAUSED : null;
          case RESUME -> PAUSED.equals(status) ? goOn : null;
          case CANCEL -> COMPLETED.equals(status) || CANCELED.equals(status) ? null : CANCELED;
        });
  }

  /** Recipients may be added only before the campaign sends. */
  public static boolean acceptsRecipients(String status) {
    return DRAFT.equals(status) || SCHEDULED.equals(status);
  }
}
