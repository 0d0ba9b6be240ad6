import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The lag of every consumer group (end offset minus committed offset, summed over the group's
 * partitions; a partition assigned but never committed counts from 0, the start of bench/stack.sh's
 * fresh topics), read with the Admin API. Run with the broker's classpath:
 *
 * <pre>
 * java -cp "$(cat test-support/target/broker.classpath)" bench/GroupLag.java BOOTSTRAP once
 * java -cp ... bench/GroupLag.java BOOTSTRAP watch INTERVAL_MS MAX_SECONDS OUT_FILE
 * </pre>
 *
 * "once" prints one line per group and topic; "watch" appends {@code <epoch-ms> total=<lag>
 * <group>=<lag> ...} to OUT_FILE every INTERVAL_MS until killed or MAX_SECONDS have passed.
 */
public final class GroupLag {

  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    try (Admin admin = Admin.create(props)) {
      if (args[1].equals("once")) {
        lags(admin).forEach((group, topics) -> topics.forEach(
            (topic, lag) -> System.out.printf("%-40s %-24s lag %d%n", group, topic, lag)));
        return;
      }
      long interval = Long.parseLong(args[2]);
      long until = System.currentTimeMillis() + 1000 * Long.parseLong(args[3]);
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[4])), true)) {
        while (System.currentTimeMillis() < until) {
          long at = System.currentTimeMillis();
          StringBuilder line = new StringBuilder();
          long total = 0;
          for (var group : lags(admin).entrySet()) {
            long lag = group.getValue().values().stream().mapToLong(Long::longValue).sum();
            total += lag;
            line.append(' ').append(group.getKey()).append('=').append(lag);
          }
          out.println(at + " total=" + total + line);
          Thread.sleep(Math.max(0, interval - (System.currentTimeMillis() - at)));
        }
      }
    }
  }

  /** Group, then topic, then lag. */
  private static Map<String, Map<String, Long>> lags(Admin admin) throws Exception {
    Set<String> groups = new HashSet<>();
    for (GroupListing g :
        admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(10, TimeUnit.SECONDS)) {
      groups.add(g.groupId());
    }
    Map<String, ConsumerGroupDescription> described =
        groups.isEmpty()
            ? Map.of()
            : admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS);
    Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
    Set<TopicPartition> partitions = new HashSet<>();
    for (String group : groups) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      for (MemberDescription m : described.get(group).members()) {
        m.assignment().topicPartitions().forEach(tp -> offsets.put(tp, 0L));
      }
      Map<TopicPartition, OffsetAndMetadata> byPartition =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      byPartition.forEach(
          (tp, o) -> {
            if (o != null) {
              offsets.put(tp, o.offset());
            }
          });
      committed.put(group, offsets);
      partitions.addAll(offsets.keySet());
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
    Map<String, Map<String, Long>> result = new TreeMap<>();
    committed.forEach(
        (group, offsets) -> {
          Map<String, Long> byTopic = result.computeIfAbsent(group, g -> new TreeMap<>());
          offsets.forEach(
              (tp, offset) ->
                  byTopic.merge(
                      tp.topic(), Math.max(0, ends.get(tp).offset() - offset), Long::sum));
        });
    return result;
  }

  private GroupLag() {}
}
