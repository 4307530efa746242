package io.weft.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AppSubmission.Builder#unmanaged()}: what it sends, and what it refuses because it would never be used. */
class UnmanagedSubmissionTest {
  private static final ApplicationId ID = ApplicationId.parse("application_1700000000000_0007");

  @Test
  void unmanaged_sendsTheFlag_noAmResource_andAnEmptyLaunchContext() {
    ApplicationSubmissionContext context = AppSubmission.builder(ID).name("uam").unmanaged().build();
    assertThat(context.getUnmanagedAM()).isTrue();
    assertThat(context.getResource()).isEqualTo(Resource.NONE);
    assertThat(context.getAMContainerSpec().getCommands()).isEmpty();

    var proto = ProtoReports.toProto(context);
    assertThat(proto.getUnmanagedAm()).isTrue();
    assertThat(proto.getAmContainerSpec().getCommandCount()).isZero();
  }

  @Test
  void unmanaged_withWhatConfiguresAnAmContainer_isRefusedNamingIt() {
    assertThatThrownBy(() -> AppSubmission.builder(ID).unmanaged().amResource(Resource.of(2048, 1))
        .command(List.of("java", "MyAm")).environment("X", "1").maxAttempts(2).build())
        .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.getMessage()).contains(ID.toString())
            .contains("a command").contains("environment [X]").contains("AM resource")
            .contains("max attempts 2"));
    assertThat(AppSubmission.builder(ID).unmanaged().maxAttempts(1).build().getUnmanagedAM()).isTrue();
  }

  @Test
  void theAmsContainer_isTheAttemptsContainerZero_asYarnNamesIt() {
    ApplicationAttemptId attempt = ApplicationAttemptId.parse("appattempt_1700000000000_0007_000001");
    assertThat(UnmanagedAmLauncher.amContainerId(attempt).toString())
        .isEqualTo("container_1700000000000_0007_01_000000");
  }
}
