package com.example.crm.sms.gateway.service;

import java.util.List;

/**
 * A page of a conversation, newest first.
 *
 * @param nextCursor the cursor of the next (older) page; null on the last page
 */
public record ConversationPage(List<Message> items, String nextCursor) {}
