package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.AppSubmission;
import io.weft.client.WeftClient;
import io.weft.client.records.LocalResource;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.resource.Resource;
import io.weft.rm.config.RmKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged files on a real cluster (RM, NM, a container that localizes its file from staging with its
 * application's NM token): they are kept while their application runs and deleted when it ends; files
 * uploaded for an application never submitted go after the retention time.
 */
class StagingCleanupTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void stagedFiles_goWithTheirApplication_andOrphansAfterTheRetention(@TempDir Path dir) throws Exception {
    try (MiniWeftCluster cluster = new MiniWeftCluster(dir, 1,
        WeftConfig.of(Map.of(RmKeys.STAGING_RETENTION.key(), "1000")));
        WeftClient client = cluster.client()) {
      Path script = Files.writeString(dir.resolve("hello.sh"), "echo staged hello\n");
      Path staging = cluster.cluster().workDir().resolve("rm-staging");

      WeftClient.NewApplication app = client.createApplication();
      LocalResource staged = client.uploadFile(app.id(), script);
      assertThat(staging.resolve(app.id().toString()).resolve(staged.getSha256())).exists();
      client.submitApplication(AppSubmission.builder(app.id()).name("staged").amResource(Resource.of(256, 1))
          .maxAttempts(1).localResource("hello.sh", staged).command(List.of("bash", "hello.sh")).build());
      var report = client.watch(app.id(), r -> { });
      // The AM (a script that never registers) ran the staged file: its container fetched it.
      String container = cluster.containerLogDirs(0, app.id().toString()).get(0);
      Path stdout = cluster.cluster().workDir().resolve("nm-0/logs").resolve(app.id().toString()).resolve(container)
          .resolve("stdout");
      assertThat(stdout).as(report.getDiagnostics()).content().contains("staged hello");
      assertThat(report.getYarnApplicationState()).isIn(YarnApplicationState.FINISHED, YarnApplicationState.FAILED);
      await("the staged files of the finished application are deleted").atMost(WAIT)
          .until(() -> !Files.exists(staging.resolve(app.id().toString())));

      WeftClient.NewApplication never = client.createApplication();
      client.uploadFile(never.id(), script);
      assertThat(staging.resolve(never.id().toString())).exists();
      await("the orphan is deleted after its retention").atMost(WAIT)
          .until(() -> !Files.exists(staging.resolve(never.id().toString())));
    }
  }
}
