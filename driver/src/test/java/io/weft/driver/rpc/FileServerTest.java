package io.weft.driver.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileServerTest {
  @TempDir Path dir;

  @Test
  void archives_areServedByFileName_andListedWithTheirAlias() throws Exception {
    Path zip = Files.writeString(dir.resolve("lookup.zip"), "zip");
    Path tgz = Files.writeString(dir.resolve("env.tgz"), "tgz");

    FileServer server = FileServer.of("", "", zip + "#tables," + tgz);

    assertThat(server.archives()).containsExactly("lookup.zip#tables", "env.tgz#env.tgz");
    assertThat(server.path("lookup.zip")).contains(zip);
    assertThat(server.files()).isEmpty();
  }

  @Test
  void badArchives_areRefusedNamingTheEntry() {
    assertThatThrownBy(() -> FileServer.of("", "", "local:/opt/a.zip")).hasMessageContaining("local: archives");
    assertThatThrownBy(() -> FileServer.of("", "", dir.resolve("none.zip") + "#x"))
        .hasMessageContaining("none.zip does not exist");
    assertThatThrownBy(() -> FileServer.of("", "", dir.resolve("a.zip") + "#../up"))
        .hasMessageContaining("the alias must be a plain name");
  }
}
