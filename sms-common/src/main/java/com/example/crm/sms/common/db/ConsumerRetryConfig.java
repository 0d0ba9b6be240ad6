package com.example.crm.sms.common.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How every consumer waits out a database outage: {@code SMS_CONSUMER_RETRY_*}. */
@ConfigMapping(prefix = "sms.consumer")
public interface ConsumerRetryConfig {

  /** First pause after a failed database transaction. */
  @WithDefault("500ms")
  Duration retryInitialBackoff();

  /** Longest pause between two attempts; the consumer retries for as long as it takes. */
  @WithDefault("30s")
  Duration retryMaxBackoff();
}
