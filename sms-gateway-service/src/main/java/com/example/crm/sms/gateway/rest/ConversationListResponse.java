package com.example.crm.sms.gateway.rest;

import java.util.List;

/**
 * A page of the inbox, most recent activity first.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record ConversationListResponse(List<ConversationResponse> items, String nextCursor) {}
