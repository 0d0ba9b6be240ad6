package com.example.crm.sms.gateway.config;

import com.example.crm.sms.common.secret.Secrets;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Twilio credentials, from the environment or from a mounted file, trimmed: a secret created
 * from a file or pasted into an .env often ends in a newline, which would make every signature and
 * every API call fail. A value starting with {@code change-me} is the placeholder of .env.example,
 * which the readiness check refuses in production.
 */
@Singleton
public class CarrierSecrets {

  static final String ACCOUNT_SID = "SMS_TWILIO_ACCOUNT_SID";
  static final String AUTH_TOKEN = "SMS_TWILIO_AUTH_TOKEN";

  private final Optional<String> accountSid;
  private final Optional<String> authToken;

  @Inject
  public CarrierSecrets(GatewayConfig config) {
    this(
        config.carrier().accountSid(),
        config.carrier().accountSidFile(),
        config.carrier().authToken(),
        config.carrier().authTokenFile());
  }

  CarrierSecrets(
      Optional<String> accountSid,
      Optional<String> accountSidFile,
      Optional<String> authToken,
      Optional<String> authTokenFile) {
    this.accountSid = resolve(ACCOUNT_SID, accountSid, accountSidFile);
    this.authToken = resolve(AUTH_TOKEN, authToken, authTokenFile);
  }

  public Optional<String> accountSid() {
    return accountSid;
  }

  public Optional<String> authToken() {
    return authToken;
  }

  /** The names (never the values) of the secrets that still hold the placeholder. */
  public List<String> placeholders() {
    List<String> names = new ArrayList<>();
    if (accountSid.filter(Secrets::isPlaceholder).isPresent()) {
      names.add(ACCOUNT_SID);
    }
    if (authToken.filter(Secrets::isPlaceholder).isPresent()) {
      names.add(AUTH_TOKEN);
    }
    return names;
  }

  /** The value from the environment, else from the file; trimmed, empty when blank. */
  private static Optional<String> resolve(
      String name, Optional<String> value, Optional<String> file) {
    Optional<String> direct = value.map(Secrets::trimmed).filter(v -> !v.isEmpty());
    if (direct.isPresent()) {
      return direct;
    }
    Optional<String> path = file.map(String::strip).filter(p -> !p.isEmpty());
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try {
      // Read once at start-up, never on the event loop.
      return Optional.of(Secrets.trimmed(Files.readString(Path.of(path.get()))))
          .filter(v -> !v.isEmpty());
    } catch (IOException e) {
      // The message names the file and the failure, never the content.
      throw new IllegalStateException(
          "Cannot read " + name + "_FILE " + path.get() + ": " + e.getClass().getSimpleName(), e);
    }
  }
}
