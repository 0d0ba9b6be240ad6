package com.example.crm.sms.ingest.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.crm.sms.events.EventJson;
import com.example.crm.sms.events.InboundMessageReceivedEvent;
import com.example.crm.sms.events.KeywordKind;
import com.example.crm.sms.events.MediaItem;
import com.example.crm.sms.events.Topics;
import com.example.crm.sms.ingest.TwilioSigning;
import com.example.crm.sms.ingest.Webhooks;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import com.example.crm.sms.testsupport.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The "text yourself" helper of deploy/local signs like Twilio, so the service accepts it. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class SendInboundSmsScriptTest {

  private static final File SCRIPT = new File("../deploy/local/send-inbound-sms.sh");

  private static boolean onPath(String tool) {
    try {
      return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static int run(String sid, String token, String... args) throws Exception {
    return run(sid, token, Map.of(), args);
  }

  private static int run(String sid, String token, Map<String, String> env, String... args)
      throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.getAbsolutePath()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("INGEST_URL", "http://localhost:" + RestAssured.port);
    pb.environment().put("SMS_INGEST_PUBLIC_URL", TwilioSigning.PUBLIC_URL);
    pb.environment().put("SMS_TWILIO_AUTH_TOKEN", token);
    pb.environment().put("MESSAGE_SID", sid);
    pb.environment().putAll(env);
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroy();
      throw new IllegalStateException("script hung: " + output);
    }
    return process.exitValue();
  }

  @Test
  void scriptSendsASignedInboundSmsThatLandsOnKafka() throws Exception {
    assumeTrue(SCRIPT.isFile() && onPath("curl") && onPath("openssl"), "bash, curl, openssl");
    String sid = Webhooks.newMessageSid();
    // Characters that break a naive signer: non-ASCII, an emoji, form delimiters, '+' and '%'.
    String body = "Grüße 👋 & =? +1 100%";

    assertEquals(0, run(sid, TwilioSigning.PRIMARY, "(239) 426-7058", "+12395550100", body));

    List<ConsumerRecord<String, String>> found =
        TestKafka.read(Topics.INBOUND, r -> r.value().contains(sid), 1, Duration.ofSeconds(15));
    assertEquals(1, found.size());
    var event =
        EventJson.mapper().readValue(found.get(0).value(), InboundMessageReceivedEvent.class);
    assertEquals("+12394267058", found.get(0).key());
    assertEquals(body, event.body());
    assertEquals(KeywordKind.NONE, event.keyword());
    assertEquals("local-" + sid, event.idempotencyToken());
  }

  @Test
  void scriptSendsASignedMmsWhoseEventCarriesTheMedia() throws Exception {
    assumeTrue(SCRIPT.isFile() && onPath("curl") && onPath("openssl"), "bash, curl, openssl");
    String picture = "http://localhost:8082/simulated-carrier/media/sample.png?size=64&x=a+b";
    String photo = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1";
    // The default type, and one given.
    for (Map<String, String> env :
        List.of(
            Map.of("MEDIA_URL", picture),
            Map.of("MEDIA_URL", photo, "MEDIA_CONTENT_TYPE", "image/jpeg"))) {
      String sid = Webhooks.newMessageSid();

      assertEquals(0, run(sid, TwilioSigning.PRIMARY, env, "+12394267058", "+12395550100", "Pic"));

      List<ConsumerRecord<String, String>> found =
          TestKafka.read(Topics.INBOUND, r -> r.value().contains(sid), 1, Duration.ofSeconds(15));
      assertEquals(1, found.size());
      var event =
          EventJson.mapper().readValue(found.get(0).value(), InboundMessageReceivedEvent.class);
      assertEquals(
          List.of(
              new MediaItem(
                  env.get("MEDIA_URL"), env.getOrDefault("MEDIA_CONTENT_TYPE", "image/png"))),
          event.media());
      assertEquals("Pic", event.body());
    }
  }

  @Test
  void scriptWithTheWrongTokenIsRefused() throws Exception {
    assumeTrue(SCRIPT.isFile() && onPath("curl") && onPath("openssl"), "bash, curl, openssl");
    String sid = Webhooks.newMessageSid();
    assertEquals(1, run(sid, "wrong-token", "+12394267058", "+12395550100", "hello"));
  }
}
