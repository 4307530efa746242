package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.SubmitApplicationRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The submission's am_resource_name (YARN's AM container request's resource name) places the AM. */
class AmResourceNameTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path dir;
  RmHarness h;

  @BeforeEach
  void start() {
    // every AM may start at once: the AM share would hold the second back
    h = new RmHarness(grpc, dir.resolve("staging"),
        Map.of("weft.scheduler.capacity.maximum-am-resource-percent", "1"));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private void submit(String where) {
    String appId = h.newApplication();
    h.client().submitApplication(SubmitApplicationRequest.newBuilder()
        .setSubmissionContext(RmHarness.submission(appId, 1024).setAmResourceName(where)).build());
  }

  @Test
  void anAmGoesToTheHostOrNodeItNames_otherwiseAnywhere() {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    RmHarness.Node n2 = h.registerNode("n2", 2, 8192, 8);

    submit("n2"); // both nodes are as free: without the name the first goes to n1
    h.awaitStart(n2, 1);
    submit("n2:2");
    h.awaitStart(n2, 2);
    submit("*");
    h.awaitStart(n1, 1);
    assertThat(n2.service().started).hasSize(2);
  }

  @Test
  void aMalformedName_isRefusedNamingIt() {
    assertThatThrownBy(() -> submit("n1 n2")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains("am_resource_name 'n1 n2'",
          "a host name, a node id host:port or a rack /name");
    });
  }
}
