package io.weft.rm.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Watchers hear the AM's progress and the running containers when they change, at most once a second. */
class ProgressPushTest {
  private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");

  private final List<AppReport> heard = new ArrayList<>();

  private RmApp runningApp() {
    ApplicationSubmission submission = new ApplicationSubmission(new ApplicationId(1, 1), "job", "default", "alice",
        "WEFT", List.of(), 0, new Resource(1024, 1, Map.of()), 1, new byte[0], false, Duration.ZERO);
    RmApp app = new RmApp(submission, T0, "http://rm:8088/proxy/application_1_0001/");
    app.handle(new AppEvent.Start(), T0);
    app.handle(new AppEvent.Saved(), T0);
    app.handle(new AppEvent.Accepted(), T0);
    app.handle(new AppEvent.AttemptRegistered(), T0);
    app.watch(heard::add);
    heard.clear();
    return app;
  }

  @Test
  void aChange_isPushedAtOnce_thenNotAgainWithinASecond_andTheLatestValueAfter() {
    RmApp app = runningApp();
    app.progress(0.1f, T0);
    app.progress(0.2f, T0.plusMillis(300));
    app.progress(0.3f, T0.plusMillis(900));
    assertThat(heard).extracting(AppReport::progress).containsExactly(0.1f);

    app.progress(0.3f, T0.plusMillis(1000));
    assertThat(heard).extracting(AppReport::progress).containsExactly(0.1f, 0.3f);
  }

  @Test
  void nothingChanged_isNotPushed_butANewContainerIs() {
    RmApp app = runningApp();
    app.progress(0.5f, T0);
    app.progress(0.5f, T0.plusSeconds(2));
    assertThat(heard).hasSize(1);

    ApplicationAttemptId attempt = new ApplicationAttemptId(new ApplicationId(1, 1), 1);
    app.containerStarted(new ContainerId(attempt, 2), 0, new Resource(512, 1, Map.of()),
        T0.plusSeconds(3));
    app.progress(0.5f, T0.plusSeconds(4));
    assertThat(heard).hasSize(2);
    assertThat(heard.get(1).usedContainers()).isEqualTo(1);
  }
}
