package com.example.crm.sms.events;

/** What an inbound text asks for, when its whole trimmed body is a compliance keyword. */
public enum KeywordKind {
  NONE,
  OPT_OUT,
  OPT_IN,
  HELP
}
