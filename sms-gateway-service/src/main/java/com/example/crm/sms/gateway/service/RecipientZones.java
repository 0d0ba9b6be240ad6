package com.example.crm.sms.gateway.service;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The time zones of a number, from libphonenumber's geocoder data (PhoneNumberToTimeZonesMapper):
 * one for most numbers, several where a prefix spans zones (a +1 area code, a Russian mobile). None
 * for a number the data does not place.
 */
@ApplicationScoped
public class RecipientZones {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final PhoneNumberToTimeZonesMapper MAPPER =
      PhoneNumberToTimeZonesMapper.getInstance();

  public List<ZoneId> of(String e164) {
    List<ZoneId> zones = new ArrayList<>();
    try {
      for (String id : MAPPER.getTimeZonesForNumber(UTIL.parse(e164, null))) {
        if (!PhoneNumberToTimeZonesMapper.getUnknownTimeZone().equals(id)) {
          zones.add(ZoneId.of(id));
        }
      }
    } catch (NumberParseException | DateTimeException e) {
      // Not a number we can place: no local time to respect.
    }
    return zones;
  }
}
