package com.example.crm.sms.gateway.service;

import com.example.crm.sms.common.http.QueryParams;
import com.example.crm.sms.common.phone.PhoneNumbers;
import com.example.crm.sms.common.problem.ProblemException;
import com.example.crm.sms.common.text.SafeText;
import jakarta.enterprise.context.ApplicationScoped;

/** The phone number a path names, as the E.164 number the tables key by. */
@ApplicationScoped
public class NumberService {

  private final PhoneNumbers phones;

  public NumberService(PhoneNumbers phones) {
    this.phones = phones;
  }

  /** The E.164 form of a path's phone number, or 422 naming it. */
  public String e164(String phone) {
    SafeText.requireSafe("phone", phone);
    return phones
        .toE164(phone)
        .orElseThrow(
            () ->
                ProblemException.unprocessable(
                    "phone",
                    "Path parameter 'phone': '"
                        + QueryParams.abbreviated(String.valueOf(phone))
                        + "' is not a valid phone number"));
  }
}
