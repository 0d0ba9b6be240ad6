package com.example.crm.sms.contacts.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits of the HTTP API, answered with a problem before anything is read: env {@code
 * SMS_CONTACTS_API_MAX_BODY_SIZE}, {@code SMS_CONTACTS_API_MAX_HEADER_SIZE} (README.md).
 * application.properties sets Quarkus's own limits from them.
 */
@ConfigMapping(prefix = "sms.contacts.api")
public interface ApiLimitsConfig {

  /**
   * Largest request body of {@code /api/*}: a larger declared Content-Length is a 413, a body
   * without one (chunked) a 411. A contact is a few KiB at most (notes: 10 000 characters).
   */
  @WithDefault("64K")
  MemorySize maxBodySize();

  /**
   * Largest total size of a request's headers: more is a 431 naming the largest header. Quarkus's
   * own limit (a 431 with no body) stays above this one: {@code quarkus.http.limits}.
   */
  @WithDefault("20K")
  MemorySize maxHeaderSize();
}
