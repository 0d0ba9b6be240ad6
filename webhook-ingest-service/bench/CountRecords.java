import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the start to its end offsets and prints "records=N distinct_message_sids=M
 * end_offsets=E". Run with the broker's classpath: java -cp ... CountRecords.java BOOTSTRAP TOPIC
 */
public class CountRecords {
  private static final Pattern SID = Pattern.compile("\"messageSid\"\\s*:\\s*\"([^\"]+)\"");

  public static void main(String[] args) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(args[1]).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long endSum = end.values().stream().mapToLong(Long::longValue).sum();
      long records = 0;
      Set<String> sids = new HashSet<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          System.err.println("gave up reading " + args[1] + " after 120 s");
          break;
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
          records++;
          Matcher m = SID.matcher(r.value());
          if (m.find()) {
            sids.add(m.group(1));
          }
        }
      }
      System.out.printf(
          "records=%d distinct_message_sids=%d end_offsets=%d%n", records, sids.size(), endSum);
    }
  }
}
