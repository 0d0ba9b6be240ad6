package com.example.crm.sms.events;

import java.util.List;

/** Topic names of the contract. A breaking change of a payload is a new topic (".v2"). */
public final class Topics {

  /** Inbound texts, keyed by the sender's E.164 number so one sender's texts stay in order. */
  public static final String INBOUND = "sms.inbound.v1";

  /** Twilio status callbacks, keyed by MessageSid so one message's statuses stay together. */
  public static final String STATUS = "sms.status.v1";

  /** The gateway's outbound message lifecycle, keyed by the recipient's E.164 number. */
  public static final String OUTBOUND = "sms.outbound.v1";

  /** Opt-out changes made by hand (not keywords), keyed by the number's E.164 form. */
  public static final String OPT_OUT = "sms.optout.v1";

  /** Suffix of the dead-letter topic of each topic. */
  public static final String DLQ_SUFFIX = ".dlq";

  /** Every topic the services name, dead-letter topics included. */
  public static final List<String> ALL =
      List.of(
          INBOUND,
          STATUS,
          OUTBOUND,
          OPT_OUT,
          dlq(INBOUND),
          dlq(STATUS),
          dlq(OUTBOUND),
          dlq(OPT_OUT));

  private Topics() {}

  public static String dlq(String topic) {
    return topic + DLQ_SUFFIX;
  }
}
