package com.example.crm.sms.gateway.rest;

import java.util.List;

/**
 * A page of a conversation, newest first.
 *
 * @param nextCursor pass as {@code before} for the next (older) page; null on the last page
 */
public record MessagePage(List<MessageResponse> items, String nextCursor) {}
