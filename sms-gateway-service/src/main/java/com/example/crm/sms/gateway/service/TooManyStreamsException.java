package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.problem.Problem;
import com.example.crm.sms.common.problem.ProblemException;

/** This instance has as many live streams open as it is configured for: 503, try again later. */
public class TooManyStreamsException extends ProblemException {

  /** Seconds a client should wait before it opens the stream again (Retry-After). */
  public static final int RETRY_AFTER_SECONDS = 5;

  public TooManyStreamsException(int open) {
    super(
        Problem.of(
            503,
            "Service Unavailable",
            "This instance has "
                + open
                + " live streams open, its limit; try again in "
                + RETRY_AFTER_SECONDS
                + " s"));
  }
}
