package io.weft.driver;

import io.weft.common.id.ApplicationAttemptId;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes a job's output so that neither a failed task nor a killed driver leaves anything a reader
 * could take for output: Hadoop's FileOutputCommitter (algorithm 1). A task writes under
 * {@code <out>/_temporary/<attempt>/_temporary/<task attempt>/}, and its commit renames its part to
 * {@code <out>/_temporary/<attempt>/}; the job commit moves the parts into {@code <out>}, removes
 * {@code _temporary} and writes {@code _SUCCESS}. Parts are named by partition, so a duplicate task
 * attempt replaces an identical part instead of adding one. {@code <attempt>} is the driver's
 * application attempt: a new attempt of the same application (its AM killed mid-output) finds an
 * output directory holding only what earlier attempts of this application wrote, and starts clean.
 * To tell so even when the kill came during or after the job commit, the commit first puts a
 * {@code _COMMITTING} marker naming its attempt in {@code <out>}, removed after {@code _SUCCESS}
 * (which names the attempt too) is written.
 *
 * @param dir the output directory (absolute)
 * @param attempt the driver's application attempt (in local and client mode, the application)
 */
record OutputCommitter(String dir, String attempt) implements Serializable {
  private static final Logger LOG = LogManager.getLogger();
  static final String TEMPORARY = "_temporary";
  static final String SUCCESS = "_SUCCESS";
  static final String COMMITTING = "_COMMITTING";

  /** Writes one task's part file; may throw, which aborts the task attempt. */
  @FunctionalInterface
  interface PartWriter {
    void write(Path part) throws IOException;
  }

  /**
   * Checks and prepares {@code dir} on the driver: it must not exist, be empty, or hold only what
   * earlier attempts of this application wrote (removed here). Anything else, in particular another
   * application's output or this attempt's own, is refused as Spark does.
   */
  static OutputCommitter setUpJob(String dir, String attempt) {
    Path out = Path.of(dir).toAbsolutePath();
    OutputCommitter job = new OutputCommitter(out.toString(), attempt);
    try {
      if (Files.exists(out)) {
        job.refuseOrCleanExisting(out);
      }
      Files.createDirectories(job.jobAttemptDir().resolve(TEMPORARY));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output directory " + out + ": " + e.getMessage(), e);
    }
    return job;
  }

  private void refuseOrCleanExisting(Path out) throws IOException {
    List<Path> entries;
    try (Stream<Path> list = Files.list(out)) {
      entries = list.toList();
    }
    if (entries.isEmpty()) {
      return;
    }
    if (writtenByEarlierAttempts(out, entries)) {
      LOG.info("output directory {} holds only what earlier attempts of this application left ({}); removing it",
          out, entries.stream().map(p -> p.getFileName().toString()).sorted().toList());
      for (Path entry : entries) {
        deleteTree(entry);
      }
      return;
    }
    throw new IllegalArgumentException("output directory " + out + " already exists and is not empty");
  }

  /**
   * True when {@code out} holds an earlier attempt's {@code _temporary} and nothing else, or the
   * parts of a commit that a marker ({@code _COMMITTING} or {@code _SUCCESS}) says an earlier
   * attempt of this application made.
   */
  private boolean writtenByEarlierAttempts(Path out, List<Path> entries) throws IOException {
    Path temporary = out.resolve(TEMPORARY);
    if (Files.isDirectory(temporary) && !onlyEarlierAttempts(temporary)) {
      return false;
    }
    if (entries.size() == 1 && entries.get(0).equals(temporary)) {
      return true;
    }
    boolean onlyCommitFiles = entries.stream().map(p -> p.getFileName().toString())
        .allMatch(name -> name.equals(TEMPORARY) || name.equals(COMMITTING) || name.equals(SUCCESS)
            || name.startsWith("part-"));
    return onlyCommitFiles && (isEarlierAttempt(markedAttempt(out.resolve(COMMITTING)))
        || isEarlierAttempt(markedAttempt(out.resolve(SUCCESS))));
  }

  private static String markedAttempt(Path marker) throws IOException {
    return Files.isRegularFile(marker) ? Files.readString(marker).strip() : "";
  }

  /** True when every entry of {@code temporary} is the directory of an earlier attempt of this application. */
  private boolean onlyEarlierAttempts(Path temporary) throws IOException {
    try (Stream<Path> list = Files.list(temporary)) {
      return list.allMatch(p -> isEarlierAttempt(p.getFileName().toString()));
    }
  }

  private boolean isEarlierAttempt(String text) {
    Optional<ApplicationAttemptId> mine = parseAttempt(attempt);
    return mine.isPresent() && parseAttempt(text)
        .filter(a -> a.applicationId().equals(mine.get().applicationId()) && a.attempt() < mine.get().attempt())
        .isPresent();
  }

  private static Optional<ApplicationAttemptId> parseAttempt(String text) {
    try {
      return Optional.of(ApplicationAttemptId.parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Path jobAttemptDir() {
    return Path.of(dir, TEMPORARY, attempt);
  }

  /**
   * Runs on an executor: writes partition {@code partition} in a directory of this task attempt's
   * own, then commits it by renaming the part into the job attempt's directory. When the job
   * attempt is already over (committed or aborted), the task writes nothing.
   */
  void writeTask(int partition, PartWriter writer) {
    String part = String.format(java.util.Locale.ROOT, "part-%05d", partition);
    Path taskDir = jobAttemptDir().resolve(TEMPORARY).resolve("attempt_" + part + "_" + UUID.randomUUID());
    try {
      Files.createDirectory(taskDir);
    } catch (NoSuchFileException e) {
      LOG.info("job attempt {} of {} is over; task for {} writes nothing", attempt, dir, part);
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + taskDir + ": " + e.getMessage(), e);
    }
    try {
      writer.write(taskDir.resolve(part));
      // rename(2) replaces atomically: a duplicate attempt's identical part leaves exactly one
      Files.move(taskDir.resolve(part), jobAttemptDir().resolve(part), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + part + " of " + dir + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(taskDir);
    }
  }

  /** On the driver once every task committed: moves the parts into place, then marks the output complete. */
  void commitJob() {
    Path out = Path.of(dir);
    try {
      List<Path> parts;
      try (Stream<Path> list = Files.list(jobAttemptDir())) {
        parts = list.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
      }
      // staged in this attempt's own dir so that a kill mid-write leaves no half marker in <out>
      Path committing = Files.writeString(jobAttemptDir().resolve(COMMITTING), attempt + "\n");
      Files.move(committing, out.resolve(COMMITTING), StandardCopyOption.ATOMIC_MOVE);
      for (Path part : parts) {
        Files.move(part, out.resolve(part.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      }
      deleteTree(out.resolve(TEMPORARY));
      // a half-written _SUCCESS is still covered by _COMMITTING, removed only once it is whole
      Files.writeString(out.resolve(SUCCESS), attempt + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.delete(out.resolve(COMMITTING));
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("output directory " + out + " was completed by someone else: " + e.getFile(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the output in " + out + ": " + e.getMessage(), e);
    }
  }

  /** On the driver when the job failed: removes what its tasks wrote; the directory is left empty. */
  void abortJob() {
    deleteQuietly(Path.of(dir, TEMPORARY));
  }

  private static void deleteQuietly(Path tree) {
    try {
      deleteTree(tree);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", tree, e.toString());
    }
  }

  private static void deleteTree(Path tree) throws IOException {
    if (!Files.exists(tree)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(tree)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException e) {
          // a straggling task attempt wrote into it meanwhile; it finds its job over and writes nothing more
          LOG.debug("{} changed while being removed", p);
        }
      }
    }
  }
}
