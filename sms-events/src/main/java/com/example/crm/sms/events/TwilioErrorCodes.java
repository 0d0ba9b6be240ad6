package com.example.crm.sms.events;

/**
 * The Twilio error codes the services act on, as they travel in {@code errorCode} of the events.
 * Codes that are only shown to people keep their text where they are shown.
 */
public final class TwilioErrorCodes {

  /** The recipient replied STOP: the number is opted out until START (rule 7). */
  public static final int UNSUBSCRIBED_RECIPIENT = 21610;

  private TwilioErrorCodes() {}
}
