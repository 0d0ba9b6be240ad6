package com.example.crm.sms.gateway.rest;

/**
 * Body of POST /api/opt-outs/{phone}/lift.
 *
 * @param reason why the opt-out is lifted: 1 to 500 characters after trimming, no control
 *     characters. Who lifts it comes from the sign-in, never from the body.
 */
public record LiftOptOutRequest(String reason) {}
