package io.weft.bench.yarn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersusYarnOptionsTest {
  @TempDir Path dir;
  private String harness;
  private String weftHome;

  @BeforeEach
  void layOut() throws IOException {
    Path h = Files.createDirectories(dir.resolve("hadoop-yarn"));
    Files.createFile(h.resolve("run.sh"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    harness = h.toString();
    weftHome = Files.createDirectories(dir.resolve("weft/lib")).getParent().toString();
  }

  @Test
  void quickModeMirrorsTheHarnessQuickRun() {
    VersusYarnOptions quick = VersusYarnOptions.parse(new String[] {"--quick", "--yarn-harness", harness,
        "--weft-home", weftHome, "--parts", "sched,e2e"});

    assertThat(quick.reps()).isEqualTo(1);
    assertThat(quick.containerCounts()).isEqualTo("1,4");
    assertThat(quick.tinyApps()).isEqualTo(50);
    assertThat(quick.parts()).containsExactly("sched", "e2e");
    assertThat(quick.reusedYarnResults()).isEmpty();
  }

  @Test
  void fullModeIsTheHarnessFullRun() {
    VersusYarnOptions full = VersusYarnOptions.parse(new String[] {"--yarn-harness", harness, "--weft-home", weftHome});

    assertThat(full.reps()).isEqualTo(5);
    assertThat(full.containerCounts()).isEqualTo("1,4,16");
    assertThat(full.tinyApps()).isEqualTo(1000);
    assertThat(full.parts()).containsExactly("e2e", "sched", "footprint");
  }

  @Test
  void badInputIsRefusedNamingTheValueAndTheRule() {
    assertThatThrownBy(() -> parse("--parts", "e2e,latency")).hasMessage(
        "--parts: unknown part 'latency'; the parts are [e2e, sched, footprint]");
    assertThatThrownBy(() -> parse("--tiny-app-concurrency", "0")).hasMessage(
        "--tiny-app-concurrency 0: must be a whole number from 1 to 64");
    assertThatThrownBy(() -> parse("--yarn-results", dir.resolve("nope.txt").toString())).hasMessageContaining(
        "nope.txt: no such file");
    assertThatThrownBy(() -> parse("--fast")).hasMessageStartingWith("unknown argument '--fast'");
    assertThatThrownBy(() -> parse("--out")).hasMessageStartingWith("--out needs a value");
    assertThatThrownBy(() -> VersusYarnOptions.parse(new String[] {"--yarn-harness", dir.toString(), "--weft-home",
        weftHome})).hasMessageContaining("no run.sh there");
    assertThatThrownBy(() -> VersusYarnOptions.parse(new String[] {"--yarn-harness", harness, "--weft-home",
        dir.toString()})).hasMessageContaining("no lib/ directory there");
  }

  private VersusYarnOptions parse(String... extra) {
    String[] args = new String[extra.length + 4];
    args[0] = "--yarn-harness";
    args[1] = harness;
    args[2] = "--weft-home";
    args[3] = weftHome;
    System.arraycopy(extra, 0, args, 4, extra.length);
    return VersusYarnOptions.parse(args);
  }
}
