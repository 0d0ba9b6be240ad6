package com.example.crm.sms.gateway.repository;

/** Widths of the bounded text columns (db/migration), which event values are fitted to. */
public final class Columns {

  /** peer_number, to_number, from_number of sms_messages and the history; opt_outs.phone_e164. */
  public static final int PHONE = 20;

  /** message_sid, messaging_service_sid, account_sid. */
  public static final int SID = 64;

  /** message_status_history.raw_dlr_done_date. */
  public static final int DLR_DONE_DATE = 16;

  /** opt_outs.updated_by. */
  public static final int UPDATED_BY = 200;

  private Columns() {}
}
