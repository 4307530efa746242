package io.weft.nm.auxservice;

import io.weft.common.auxservice.AuxServiceContext;
import io.weft.common.auxservice.AuxiliaryService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An auxiliary service for tests: records what the NodeManager tells it, exports one variable. */
public final class RecordingAuxService implements AuxiliaryService {
  /** Every call of every instance, e.g. {@code init application_1_0001 alice data}, in order. */
  public static final List<String> CALLS = new CopyOnWriteArrayList<>();

  @Override
  public void start(AuxServiceContext context) {
    CALLS.add("start " + context.name() + " " + context.applicationDirs().of("alice", "application_1_0001"));
  }

  @Override
  public void initializeApplication(String applicationId, String user, byte[] serviceData) {
    CALLS.add("init " + applicationId + " " + user + " " + new String(serviceData, StandardCharsets.UTF_8));
  }

  @Override
  public void stopApplication(String applicationId) {
    CALLS.add("stop " + applicationId);
  }

  @Override
  public Map<String, String> containerEnvironment() {
    return Map.of("RECORDER_ADDRESS", "here");
  }

  @Override
  public void close() {
    CALLS.add("close");
  }
}
