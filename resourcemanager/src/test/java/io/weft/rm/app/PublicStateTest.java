package io.weft.rm.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RM's own application states never reach a client: they show as YARN's RMAppImpl shows them. */
class PublicStateTest {
  private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");

  private static RmApp app() {
    ApplicationSubmission submission = new ApplicationSubmission(new ApplicationId(1, 1), "job", "default", "alice",
        "WEFT", List.of(), 0, new Resource(1024, 1, Map.of()), 1, new byte[0], false, Duration.ZERO);
    RmApp app = new RmApp(submission, T0, "http://rm:8088/proxy/application_1_0001/");
    app.handle(new AppEvent.Start(), T0);
    app.handle(new AppEvent.Saved(), T0);
    app.handle(new AppEvent.Accepted(), T0);
    return app;
  }

  @Test
  void finalSaving_showsTheStateItLeft_andFinishing_showsFinished() {
    RmApp app = app();
    app.handle(new AppEvent.AttemptRegistered(), T0);
    app.handle(new AppEvent.AttemptUnregistered(), T0);
    assertThat(app.state()).isEqualTo(AppState.FINAL_SAVING);
    assertThat(app.report().publicState()).isEqualTo(AppState.RUNNING);

    app.handle(new AppEvent.FinalSavedFinishing(), T0);
    assertThat(app.state()).isEqualTo(AppState.FINISHING);
    assertThat(app.report().publicState()).isEqualTo(AppState.FINISHED);
    assertThat(app.report().progress()).isEqualTo(1f);
  }

  @Test
  void finishing_afterAnAmThatSaidFailed_showsFailed_andStaysFailed() {
    RmApp app = app();
    app.handle(new AppEvent.AttemptRegistered(), T0);
    app.finalStatus(FinalStatus.FAILED, "the job failed");
    app.handle(new AppEvent.AttemptUnregistered(), T0);
    app.handle(new AppEvent.FinalSavedFinishing(), T0);
    assertThat(app.state()).isEqualTo(AppState.FINISHING);
    assertThat(app.report().publicState()).isEqualTo(AppState.FAILED);

    app.handle(AppEvent.finished(FinalStatus.FAILED), T0);
    assertThat(app.state()).isEqualTo(AppState.FAILED);
    assertThat(app.report().publicState()).isEqualTo(AppState.FAILED);
  }

  @Test
  void killedWhileAccepted_showsAcceptedWhileSaving_thenKilledAtFullProgressOnTheRmsAppPage() {
    RmApp app = app();
    app.progress(0.5f);
    app.handle(new AppEvent.Kill(), T0);
    assertThat(app.report().publicState()).isEqualTo(AppState.ACCEPTED);
    assertThat(app.report().progress()).isEqualTo(0.5f);

    app.handle(new AppEvent.FinalSavedKilled(), T0);
    AppReport killed = app.report();
    assertThat(killed.publicState()).isEqualTo(AppState.KILLED);
    assertThat(killed.progress()).isEqualTo(1f);
    assertThat(killed.trackingUrl()).isEqualTo("http://rm:8088/cluster/app/application_1_0001");
  }

  @Test
  void publicStates_areYarnsEight() {
    assertThat(AppState.PUBLIC).containsExactly(AppState.NEW, AppState.NEW_SAVING, AppState.SUBMITTED,
        AppState.ACCEPTED, AppState.RUNNING, AppState.FINISHED, AppState.FAILED, AppState.KILLED);
  }
}
