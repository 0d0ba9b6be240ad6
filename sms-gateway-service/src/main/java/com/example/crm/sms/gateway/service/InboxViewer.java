package com.example.crm.sms.gateway.service;

import com.example.crm.sms.gateway.repository.ReadMarkerRepository.ReadState;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * The inbox streams of one user in this instance ({@link InboxStreamService}): one broadcast, and
 * the user's read markers, remembered (up to {@link InboxStreamService#REMEMBERED}) so a change
 * needs no marker read for a conversation the user's streams have met.
 */
final class InboxViewer {

  private final String subject;
  private final BroadcastProcessor<Conversation> changes = BroadcastProcessor.create();
  private final Cache<String, ReadState> markers =
      Caffeine.newBuilder().maximumSize(InboxStreamService.REMEMBERED).build();
  // Guarded by the service's viewers.compute for this subject.
  private int subscribers;

  InboxViewer(String subject) {
    this.subject = subject;
  }

  String subject() {
    return subject;
  }

  BroadcastProcessor<Conversation> changes() {
    return changes;
  }

  InboxViewer join() {
    subscribers++;
    return this;
  }

  /** True when that was the last subscriber. */
  boolean leave() {
    return --subscribers <= 0;
  }

  /** The user's marker in this conversation, when known (version 0: they never marked it). */
  ReadState marker(String phone) {
    return markers.getIfPresent(phone);
  }

  /** Keeps the newer of what it knew and {@code state} (they may arrive in either order). */
  void remember(ReadState state) {
    markers.asMap().merge(state.phone(), state, (a, b) -> b.version() > a.version() ? b : a);
  }
}
