package com.example.crm.sms.common.phone;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The one phone setting every service shares: {@code SMS_PHONE_DEFAULT_REGION}. */
@ConfigMapping(prefix = "sms.phone")
public interface PhoneConfig {

  /** ISO 3166 region for numbers written without a country code, and shown in national format. */
  @WithDefault("US")
  String defaultRegion();
}
