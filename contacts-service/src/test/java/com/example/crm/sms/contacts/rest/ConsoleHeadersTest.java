package com.example.crm.sms.contacts.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.contacts.SignedIn;
import com.example.crm.sms.contacts.config.ConsoleConfig;
import com.example.crm.sms.testsupport.KafkaBrokerTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The web console's security headers, and that the console needs nothing they forbid: no inline
 * script, handler or style, so {@code script-src 'self'} costs it nothing. Its files are served
 * without a token: the console signs in after it has loaded.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerTestResource.class, scope = TestResourceScope.GLOBAL)
class ConsoleHeadersTest {

  private static final Path CONSOLE = Path.of("src/main/resources/META-INF/resources");
  private static final String CSP = "Content-Security-Policy";

  @Inject ConsoleConfig config;

  @TestHTTPResource(value = "/", management = true)
  URI management;

  /** Every file of the console, as the browser asks for it ("/" is index.html). */
  static Stream<String> consoleFiles() throws IOException {
    try (Stream<Path> files = Files.walk(CONSOLE)) {
      List<String> paths =
          files
              .filter(Files::isRegularFile)
              .map(f -> "/" + CONSOLE.relativize(f).toString().replace('\\', '/'))
              .toList();
      return Stream.concat(Stream.of("/"), paths.stream());
    }
  }

  @ParameterizedTest
  @MethodSource("consoleFiles")
  void everyConsoleFileCarriesTheSecurityHeadersWithoutAToken(String path) {
    given()
        .noFiltersOfType(SignedIn.class)
        .get(path)
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", consolePolicy())
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Frame-Options", "DENY");
  }

  @Test
  void theConsoleMayCallTheGatewayAndTheSignInProviderAndNothingElseOutside() {
    assertEquals("http://localhost:8082", config.gatewayOrigin(), "the default");
    // The provider's origin only: discovery, keys and tokens are under it, the realm path is not.
    URI issuer = URI.create(config.oidcIssuer());
    String provider = "http://localhost:" + issuer.getPort();
    assertTrue(issuer.getPath().length() > 1, issuer.toString());
    String policy = given().noFiltersOfType(SignedIn.class).get("/").then().extract().header(CSP);
    // connect-src also governs the EventSource of the live conversation.
    assertTrue(
        Pattern.compile(
                "(^|; )connect-src 'self' http://localhost:8082 "
                    + Pattern.quote(provider)
                    + "(;|$)")
            .matcher(policy)
            .find(),
        policy);
    assertTrue(policy.contains("default-src 'self'"), policy);
    assertFalse(policy.contains("frame-src"), "nothing is framed: " + policy);
  }

  @Test
  void apiAnswersAreNeitherSniffedNorFramedEither() {
    given()
        .get("/api/contacts")
        .then()
        .statusCode(200)
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", consolePolicy());
    given()
        .noFiltersOfType(SignedIn.class)
        .get("/api/contacts")
        .then()
        .statusCode(401)
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", consolePolicy());
  }

  /**
   * Swagger UI runs inline scripts: the console's policy would break it. It is on the management
   * interface, which the policy does not reach; the other headers do.
   */
  @Test
  void theManagementPagesUnderQKeepTheirOwnScripts() {
    given()
        .get(management.resolve("/q/openapi"))
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", nullValue())
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Frame-Options", "DENY");
  }

  @Test
  void indexHtmlHasNoInlineScriptHandlerOrStyle() throws IOException {
    String html = Files.readString(CONSOLE.resolve("index.html"));
    var scripts = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
    int count = 0;
    while (scripts.find()) {
      count++;
      assertTrue(scripts.group(1).contains("src="), "a script from a file: " + scripts.group());
      assertTrue(scripts.group(2).isBlank(), "no inline code: " + scripts.group());
    }
    assertTrue(count > 0, "index.html loads its script");
    assertFalse(
        Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
        "no inline event handler attribute");
    assertFalse(
        Pattern.compile("\\sstyle\\s*=|<style", Pattern.CASE_INSENSITIVE).matcher(html).find(),
        "no inline style");
    assertFalse(html.contains("javascript:"), "no javascript: URL");
  }

  /** What the policy would block, or what would build markup from text (XSS). */
  static Stream<String> consoleScripts() throws IOException {
    return consoleFiles().filter(p -> p.endsWith(".js"));
  }

  @ParameterizedTest
  @MethodSource("consoleScripts")
  void theConsolesScriptsNeedNothingThePolicyForbids(String path) throws IOException {
    String js = Files.readString(CONSOLE.resolve(path.substring(1)));
    for (String forbidden :
        List.of(
            "eval(",
            "new Function",
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "javascript:",
            "setAttribute('style'",
            "setAttribute(\"style\"",
            "style: ")) {
      assertFalse(js.contains(forbidden), path + " uses " + forbidden);
    }
  }

  private static Matcher<String> consolePolicy() {
    return allOf(
        containsString("script-src 'self'"),
        containsString("style-src 'self'"),
        // An MMS photo is fetched with the token and shown from a blob: URL.
        containsString("img-src 'self' data: blob:;"),
        containsString("frame-ancestors 'none'"),
        containsString("object-src 'none'"),
        containsString("base-uri 'none'"),
        not(containsString("unsafe-inline")),
        not(containsString("unsafe-eval")));
  }
}
