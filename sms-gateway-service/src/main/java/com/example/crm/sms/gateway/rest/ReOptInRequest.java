package com.example.crm.sms.gateway.rest;

/**
 * Optional body of DELETE /api/opt-outs/{phone}.
 *
 * @param by who re-opted the number in (the X-Actor header is the alternative)
 */
public record ReOptInRequest(String by) {}
