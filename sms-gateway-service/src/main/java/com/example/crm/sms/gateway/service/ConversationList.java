package com.example.crm.sms.gateway.service;

import java.util.List;

/**
 * A page of the inbox, most recent activity first.
 *
 * @param nextCursor the cursor of the next page; null on the last page
 */
public record ConversationList(List<Conversation> items, String nextCursor) {}
