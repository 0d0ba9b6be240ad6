package com.example.crm.sms.gateway.rest;

import com.example.crm.sms.gateway.service.OptOut;

/** The opt-out API's JSON from the service's record. */
final class OptOutDtoMapper {

  private OptOutDtoMapper() {}

  static OptOutResponse toResponse(OptOut o) {
    return new OptOutResponse(
        o.phone(), o.optedOut(), o.source(), o.updatedAt(), o.updatedBy(), o.reason());
  }
}
