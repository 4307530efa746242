package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.id.ContainerId;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.proto.ReadContainerLogRequest;
import io.weft.proto.ReadContainerLogResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadContainerLogTest {
  @TempDir Path dir;
  private FakeResourceManager rm;
  private NmHarness h;
  private ContainerId id;

  @BeforeEach
  void setUp() {
    rm = new FakeResourceManager();
    rm.start();
    h = new NmHarness(dir, rm, Map.of());
    h.awaitRegistered();
    id = h.run(1, "bash", "-c", "printf 0123456789; head -c 200000 /dev/zero >&2");
    h.awaitComplete(id);
  }

  @AfterEach
  void tearDown() {
    h.close();
    rm.close();
  }

  private List<ReadContainerLogResponse> read(String file, long start, long end) {
    List<ReadContainerLogResponse> messages = new ArrayList<>();
    h.stub().readContainerLog(ReadContainerLogRequest.newBuilder().setContainerId(id.toString()).setFile(file)
        .setStart(start).setEnd(end).build()).forEachRemaining(messages::add);
    return messages;
  }

  private String text(long start, long end) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    read("stdout", start, end).forEach(m -> out.writeBytes(m.getChunk().toByteArray()));
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "[{0}, {1}) -> ''{2}''")
  @CsvSource({
      "0, 0, 0123456789",
      "2, 5, 234",
      "-3, 0, 789",
      "0, -2, 01234567",
      "-4, -1, 678",
      "8, 100, 89",
      "20, 0, ''",
      "-100, 3, 012"})
  void offsets_followYarnsSemantics(long start, long end, String expected) {
    assertThat(text(start, end)).isEqualTo(expected == null ? "" : expected);
  }

  @Test
  void firstMessage_carriesTheFileLength_andChunksStayWithin64K() {
    List<ReadContainerLogResponse> messages = read("stderr", 0, 0);
    assertThat(messages.get(0).getFileLength()).isEqualTo(200_000);
    assertThat(messages).allSatisfy(m -> assertThat(m.getChunk().size()).isLessThanOrEqualTo(64 * 1024));
    assertThat(messages.stream().mapToInt(m -> m.getChunk().size()).sum()).isEqualTo(200_000);
  }

  @Test
  void unknownContainerOrFile_isNotFound() {
    assertThatThrownBy(() -> read("nope", 0, 0)).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    ContainerId other = NmHarness.container(42);
    assertThatThrownBy(() -> h.stub().readContainerLog(ReadContainerLogRequest.newBuilder()
        .setContainerId(other.toString()).setFile("stdout").build()).forEachRemaining(m -> { }))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).contains(other.toString());
        });
  }

  @Test
  void pathTricksInTheFileName_areInvalidArgument() {
    for (String file : List.of("../stdout", "a/b", "..")) {
      assertThatThrownBy(() -> read(file, 0, 0)).isInstanceOfSatisfying(StatusRuntimeException.class,
          e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
  }

  @Test
  void aSymlinkAContainerPutsInItsLogDir_isRefused_andNothingOutsideIsServed() throws Exception {
    Path secret = java.nio.file.Files.writeString(dir.resolve("host-secret.txt"), "not for containers");
    ContainerId linker = h.run(2, "bash", "-c", "ln -s " + secret + " {{LOG_DIR}}/leak");
    h.awaitComplete(linker);
    assertThat(java.nio.file.Files.isSymbolicLink(h.logFile(linker, "leak"))).isTrue();

    assertThatThrownBy(() -> h.stub().readContainerLog(ReadContainerLogRequest.newBuilder()
        .setContainerId(linker.toString()).setFile("leak").build()).forEachRemaining(m -> { }))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(e.getStatus().getDescription()).contains("symbolic link").doesNotContain("not for containers");
        });
  }
}
