package com.example.crm.sms.gateway.rest;

/**
 * Marks a conversation read.
 *
 * @param upTo the newest message read (its id), normally the newest one shown
 */
public record ReadRequest(String upTo) {}
