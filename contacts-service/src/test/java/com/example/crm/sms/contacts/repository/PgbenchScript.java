package com.example.crm.sms.contacts.repository;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pgbench script of the benchmark, made from the service's own batch statement so both run
 * exactly the same SQL: each bind parameter (an array, one element per event) becomes the SQL
 * expression of {@code :batch} plain texts (no keyword) from consecutive numbers out of {@code
 * :numbers}, from a random start (-D batch=B -D numbers=N -D clients=C), as the preloaded topic
 * holds them. Each client has numbers of its own, as each consumer has partitions (so numbers) of
 * its own. One pgbench transaction is one batch of B events.
 */
public final class PgbenchScript {

  private static final String EVENTS = " FROM generate_series(1, (:batch)::int) AS g)";

  private static final String SID = "'SM' || (:client_id)::text || 'x' || (:k)::text || 'y' || g";

  private static final Map<Integer, String> PARAMETERS =
      Map.ofEntries(
          Map.entry(
              1,
              "(SELECT array_agg('+1239426' || lpad(((:client_id)::int + (:clients)::int"
                  + " * (((:k)::bigint + g) % ((:numbers)::int / (:clients)::int)))::text, 4,"
                  + " '0'))"
                  + EVENTS),
          Map.entry(2, "(SELECT array_agg(now())" + EVENTS),
          Map.entry(3, "(SELECT array_agg(NULL::boolean)" + EVENTS),
          Map.entry(
              4, "(SELECT array_agg('Bench message: is the viewing still on?'::varchar)" + EVENTS),
          Map.entry(5, "(SELECT array_agg(" + SID + ")" + EVENTS),
          // chr(58) is ':' — pgbench would read ":received" inside a literal as a variable.
          Map.entry(
              6, "(SELECT array_agg('inbound:' || " + SID + " || chr(58) || 'received')" + EVENTS),
          Map.entry(7, "(SELECT array_agg(NULL::varchar)" + EVENTS),
          Map.entry(8, "(SELECT array_agg(NULL::varchar)" + EVENTS),
          Map.entry(9, "(SELECT array_agg(NULL::varchar)" + EVENTS));

  private PgbenchScript() {}

  public static String inbound() {
    Matcher m = Pattern.compile("\\$(\\d+)").matcher(InboundBatchRepository.APPLY_INBOUND_BATCH);
    StringBuilder sql = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sql, Matcher.quoteReplacement(PARAMETERS.get(Integer.parseInt(m.group(1)))));
    }
    m.appendTail(sql);
    // pgbench reads one statement per line unless it ends with ';' — keep it one line.
    return "\\set k random(1, 1000000000000)\n"
        + sql.toString().replaceAll("\\s+", " ").trim()
        + ";\n";
  }
}
