import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The benchmarks' OpenID Connect issuer (JDK only, loopback): a fresh RSA key, the discovery
 * document and the JWKS the gateway verifies tokens with, and one access token for the load
 * generators, so the benchmark measures the signed-in API as it runs in production.
 *
 * <p>Args: a file to write the issuer URL to, a file to write the token to, and optionally the
 * token's role (sms-agent unless given; campaign.sh asks for sms-admin). The token is for the
 * audience sms-api (the gateway's default), subject bench-agent, valid 2 hours.
 */
public class BenchIssuer {

  static final String KEY_ID = "bench";

  public static void main(String[] args) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/bench";
    String jwksUri = issuer + "/protocol/openid-connect/certs";
    String discovery =
        "{\"issuer\":\""
            + issuer
            + "\",\"jwks_uri\":\""
            + jwksUri
            + "\",\"token_endpoint\":\""
            + issuer
            + "/protocol/openid-connect/token\",\"response_types_supported\":[\"code\"],"
            + "\"subject_types_supported\":[\"public\"],"
            + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
    RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
    String jwks =
        "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\""
            + KEY_ID
            + "\",\"n\":\""
            + unsigned(pub.getModulus())
            + "\",\"e\":\""
            + unsigned(pub.getPublicExponent())
            + "\"}]}";
    server.createContext("/realms/bench/.well-known/openid-configuration", ex -> json(ex, discovery));
    server.createContext("/realms/bench/protocol/openid-connect/certs", ex -> json(ex, jwks));
    server.start();

    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}";
    String claims =
        "{\"iss\":\""
            + issuer
            + "\",\"aud\":\"sms-api\",\"sub\":\"bench-agent\",\"name\":\"Bench Agent\","
            + "\"preferred_username\":\"bench-agent\",\"roles\":[\""
            + (args.length > 2 ? args[2] : "sms-agent")
            + "\"],\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 7200)
            + "}";
    String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initSign(keys.getPrivate());
    rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    String token = signingInput + "." + b64(rs256.sign());

    Files.writeString(Path.of(args[1]), token);
    Files.writeString(Path.of(args[0]), issuer);
    System.out.println("issuer " + issuer);
  }

  static void json(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A JWK number: big-endian, without the sign byte, base64url without padding. */
  static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return b64(bytes);
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
