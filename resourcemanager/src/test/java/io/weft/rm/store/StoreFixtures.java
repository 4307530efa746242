package io.weft.rm.store;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.security.MasterKey;
import io.weft.rm.app.AppState;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.AttemptState;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.container.Allocation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records with every field set to something recognisable, for the store tests. */
final class StoreFixtures {
  static final long CLUSTER_TIMESTAMP = 1_700_000_000_000L;
  static final Instant T0 = Instant.parse("2026-12-01T10:15:30.123456789Z");

  private StoreFixtures() {}

  static ApplicationId appId(int sequence) {
    return new ApplicationId(CLUSTER_TIMESTAMP, sequence);
  }

  static ApplicationRecord submitted(int sequence) {
    ApplicationSubmission submission = new ApplicationSubmission(appId(sequence), "job-" + sequence, "root.default",
        "alice", "WEFT", List.of("nightly", "etl"), 3, new Resource(2048, 2, Map.of("gpu", 1L)), 2,
        ("launch-context-" + sequence).getBytes(StandardCharsets.UTF_8), true, Duration.ZERO, false, "gpu", "ssd",
        "host-" + sequence);
    return ApplicationRecord.submitted(submission, T0.plusSeconds(sequence));
  }

  static ApplicationRecord finished(int sequence) {
    return submitted(sequence).ended(AppState.FINISHED, FinalStatus.SUCCEEDED, "done | ok",
        T0.plusSeconds(sequence + 60));
  }

  static AttemptRecord runningAttempt(int sequence, int attempt) {
    ApplicationAttemptId id = new ApplicationAttemptId(appId(sequence), attempt);
    Allocation am = new Allocation(new ContainerId(id, 1), new NodeId("host-1", 45454), "host-1:8042",
        Resource.of(1024, 1), 0, 7L, "alice");
    return new AttemptRecord(id, T0.plusSeconds(sequence + attempt), AttemptState.RUNNING, am, "host-1", 40000,
        "http://host-1:4040", "", 0, null);
  }

  static AttemptRecord failedAttempt(int sequence, int attempt) {
    AttemptRecord r = runningAttempt(sequence, attempt);
    return new AttemptRecord(r.id(), r.startTime(), AttemptState.FAILED, r.amContainer(), r.host(), r.rpcPort(),
        r.trackingUrl(), "AM exited with 1", 1, r.startTime().plusSeconds(30));
  }

  static RmIdentity identity() {
    return new RmIdentity(CLUSTER_TIMESTAMP, 3, MasterKey.generate(11), MasterKey.generate(12),
        Instant.parse("2026-01-01T00:00:00Z"));
  }
}
