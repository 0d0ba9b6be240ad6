import com.example.crm.sms.testsupport.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts a private KRaft broker with the contract's topics; writes its bootstrap servers to args[0]. */
public class BenchBroker {
  public static void main(String[] args) throws Exception {
    KafkaBroker broker = KafkaBroker.startNew();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    Files.writeString(Path.of(args[0]), broker.bootstrapServers());
    Thread.currentThread().join();
  }
}
