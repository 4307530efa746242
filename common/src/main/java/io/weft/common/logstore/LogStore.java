package io.weft.common.logstore;

import io.weft.common.id.ApplicationId;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The aggregated log store: files named {@code <application>/<name>}, each written by one writer and read by
 * many. A file is published when its writer closes the stream (replacing an earlier file of that name); until
 * then, and for good if the writer dies first, readers see it {@linkplain StoredFile#inProgress() in progress}
 * with what has been written so far. Nothing is lost silently: a writer that cannot store its bytes gets an
 * {@link IOException} naming the file and the cause.
 */
public interface LogStore extends Closeable {
  /** File names: one path segment of letters, digits, {@code . _ -}, not starting with a dot. */
  Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

  /** An application's driver event log: written by its driver, read by the history server. */
  String EVENT_LOG = "eventlog.jsonl.gz";

  /**
   * A directory in a container's log directory, the root of a {@link FileLogStore}: a driver that may not write to
   * the store itself (an AM container has no certificate of the cluster CA) keeps its event log there, and its
   * NodeManager uploads it as the application's {@link #EVENT_LOG} with the container logs.
   */
  String CONTAINER_EVENT_LOG_DIR = "weft-eventlog";

  /** What a file being written is called where a store keeps files by name; refused as a name of its own. */
  String IN_PROGRESS_SUFFIX = ".inprogress";

  /** Starts writing {@code name} of {@code app}; see the class comment for when readers see it. */
  OutputStream create(ApplicationId app, String name) throws IOException;

  /**
   * As {@link #create(ApplicationId, String)}, saying which user {@code app} runs as (a NodeManager knows): a store
   * that checks readers lets that user read the application's files. A directory store ignores it (the
   * directory's permissions decide).
   */
  default OutputStream create(ApplicationId app, String name, String owner) throws IOException {
    return create(app, name);
  }

  /**
   * Reads {@code name} of {@code app} from byte {@code offset} on (published, else in progress).
   *
   * @throws java.nio.file.NoSuchFileException naming the application and file when there is none
   */
  InputStream open(ApplicationId app, String name, long offset) throws IOException;

  /** The files of {@code app}, by name; empty when it has none. */
  List<StoredFile> list(ApplicationId app) throws IOException;

  /** Every application with at least one file, and when its newest file last changed. */
  List<StoredApplication> applications() throws IOException;

  /** Removes every file of {@code app} (retention); nothing happens when it has none. */
  void delete(ApplicationId app) throws IOException;

  /** An application in the store and the newest modification time of its files. */
  record StoredApplication(ApplicationId app, Instant modified) {}

  /** Refuses a name that is not a plain file name, naming it and the rule. */
  static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.endsWith(IN_PROGRESS_SUFFIX)) {
      throw new IllegalArgumentException("log store file name '" + name + "' is not 1-200 characters of "
          + "letters, digits, '.', '_' and '-' starting with no dot and not ending in " + IN_PROGRESS_SUFFIX);
    }
    return name;
  }
}
