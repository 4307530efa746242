package io.weft.nm.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * {@code <work dir>/.exit_code}: the exit code of a container's command, written by its launch
 * script (temporary file, then rename, so a reader never sees half of it). How a restarted
 * NodeManager learns how a container ended while no NodeManager was watching.
 */
public final class ExitCodeFile {
  public static final String NAME = ".exit_code";
  /** More than any int and its newline. */
  private static final int MAX_BYTES = 32;

  private ExitCodeFile() {}

  public static Path in(Path workDir) {
    return workDir.resolve(NAME);
  }

  /** The recorded code; empty when the command has not finished or its script was killed before writing it. */
  public static OptionalInt read(Path workDir) {
    Path file = in(workDir);
    // The work dir may belong to the container's user, the reader be root: a link, a fifo or /dev/zero in its
    // place must not make the NodeManager read another file, block or fill its memory.
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException("cannot read the exit code in " + file + ": not a regular file");
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return OptionalInt.of(Integer.parseInt(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8).trim()));
    } catch (NoSuchFileException e) {
      return OptionalInt.empty();
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the exit code in " + file + ": " + e.getMessage(), e);
    }
  }
}
