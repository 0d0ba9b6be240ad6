package com.example.crm.sms.contacts.repository;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pgbench script of the benchmark, made from the service's own inbound statement so both run
 * exactly the same SQL: each bind parameter becomes the SQL expression of a plain text from a new
 * number (no keyword). Numbers come from pgbench variable {@code numbers} (-D numbers=N).
 */
public final class PgbenchScript {

  private static final String SID = "'SM' || (:client_id)::text || 'x' || (:k)::text";

  private static final Map<Integer, String> PARAMETERS =
      Map.ofEntries(
          Map.entry(1, "gen_random_uuid()"),
          Map.entry(2, "('+1239426' || lpad((:n)::text, 4, '0'))"),
          Map.entry(3, "now()"),
          Map.entry(4, "NULL"),
          Map.entry(5, "gen_random_uuid()"),
          Map.entry(6, "'Bench message: is the viewing still on?'"),
          Map.entry(7, "(" + SID + ")"),
          // chr(58) is ':' — pgbench would read ":received" inside a literal as a variable.
          Map.entry(8, "('inbound:' || " + SID + " || chr(58) || 'received')"),
          Map.entry(9, "gen_random_uuid()"),
          Map.entry(10, "NULL"),
          Map.entry(11, "NULL"),
          Map.entry(12, "NULL"));

  private PgbenchScript() {}

  public static String inbound() {
    Matcher m = Pattern.compile("\\$(\\d+)").matcher(InboundTrafficRepository.APPLY_INBOUND);
    StringBuilder sql = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sql, Matcher.quoteReplacement(PARAMETERS.get(Integer.parseInt(m.group(1)))));
    }
    m.appendTail(sql);
    // pgbench reads one statement per line unless it ends with ';' — keep it one line.
    return "\\set n random(0, :numbers - 1)\n"
        + "\\set k random(1, 1000000000000)\n"
        + sql.toString().replaceAll("\\s+", " ").trim()
        + ";\n";
  }
}
