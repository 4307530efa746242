package io.weft.nm.auxservice;

import io.weft.common.auxservice.AuxServiceContext;
import io.weft.common.auxservice.AuxiliaryService;
import java.util.Map;

/** An auxiliary service whose start fails, as one whose port is taken would. */
public final class FailingAuxService implements AuxiliaryService {
  @Override
  public void start(AuxServiceContext context) {
    throw new IllegalStateException("port 7337 is in use");
  }

  @Override
  public void initializeApplication(String applicationId, String user, byte[] serviceData) {}

  @Override
  public void stopApplication(String applicationId) {}

  @Override
  public Map<String, String> containerEnvironment() {
    return Map.of();
  }

  @Override
  public void close() {}
}
