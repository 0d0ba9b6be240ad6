package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.http.QueryParams;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import java.util.UUID;

/** The id a path names (a message, a campaign); a malformed one is a 400 naming {@code id}. */
final class PathIds {

  private PathIds() {}

  /**
   * @param what what the id names, for the problem's detail ("message", "campaign")
   */
  static UUID uuid(String rawId, String what) {
    SafeText.requireSafe("id", rawId);
    try {
      return UUID.fromString(rawId.strip());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(
          "id",
          "Path parameter 'id': '"
              + QueryParams.abbreviated(rawId)
              + "' is not a "
              + what
              + " id (UUID)");
    }
  }
}
