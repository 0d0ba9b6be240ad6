package com.example.crm.sms.testsupport.db;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Connects the service to PostgreSQL through {@link DatabaseProxy}. */
public class DatabaseProxyTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    DatabaseProxy proxy = DatabaseProxy.shared();
    proxy.up();
    return Map.of("sms.db.host", "127.0.0.1", "sms.db.port", String.valueOf(proxy.port()));
  }

  @Override
  public void stop() {
    DatabaseProxy.shared().up();
  }
}
