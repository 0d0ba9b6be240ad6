package com.example.crm.sms.ingest.service;

import com.example.crm.sms.events.KeywordKind;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether an inbound text is a compliance keyword. Only a body that is exactly the keyword
 * (trimmed, any case) counts, so "STOP 12345" or "please stop" is an ordinary text; Twilio's
 * OptOutType, when Advanced Opt-Out handled the text, wins over the body.
 */
public final class KeywordClassifier {

  private static final Set<String> OPT_OUT =
      Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
  private static final Set<String> OPT_IN = Set.of("START", "YES", "UNSTOP");
  private static final Set<String> HELP = Set.of("HELP", "INFO");
  private static final int LONGEST_KEYWORD = "UNSUBSCRIBE".length();

  private static final Map<String, KeywordKind> OPT_OUT_TYPES =
      Map.of("STOP", KeywordKind.OPT_OUT, "START", KeywordKind.OPT_IN, "HELP", KeywordKind.HELP);

  private KeywordClassifier() {}

  public static KeywordKind classify(String body, String optOutType) {
    if (optOutType != null) {
      KeywordKind fromTwilio = OPT_OUT_TYPES.get(optOutType.strip().toUpperCase(Locale.ROOT));
      if (fromTwilio != null) {
        return fromTwilio;
      }
    }
    if (body == null) {
      return KeywordKind.NONE;
    }
    String word = body.strip();
    // Most texts are longer than any keyword: no upper-case copy of them (upper-casing never
    // shortens a string, so nothing longer can become a keyword).
    if (word.length() > LONGEST_KEYWORD) {
      return KeywordKind.NONE;
    }
    word = word.toUpperCase(Locale.ROOT);
    if (OPT_OUT.contains(word)) {
      return KeywordKind.OPT_OUT;
    }
    if (OPT_IN.contains(word)) {
      return KeywordKind.OPT_IN;
    }
    if (HELP.contains(word)) {
      return KeywordKind.HELP;
    }
    return KeywordKind.NONE;
  }
}
