package io.weft.driver.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.testing.TestJars;
import io.weft.driver.scheduler.TaskDescription;
import io.weft.driver.scheduler.TaskOutcome;
import io.weft.driver.serialize.JavaSerializer;
import io.weft.driver.storage.BlockCache;
import io.weft.driver.storage.ExecutorStorage;
import io.weft.driver.storage.ShuffleStore;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task whose classes the executor lacks fails with advice on shipping them: the task and its closure are
 * compiled into jars the test's own class path does not hold, serialized as the driver does, and run by the real
 * {@link TaskRunner} with a class loader that holds some of them.
 */
class MissingClassHintTest {
  private static final String HINT = "ship the jar that holds it with --jars or weft.jars (WeftConf.setJars)";

  @TempDir
  Path dir;

  private Path taskJar;
  private Path closureJar;
  private byte[] serializedTask;

  @BeforeEach
  void compileAndSerializeATaskWithALambda() throws Exception {
    taskJar = TestJars.compile(dir.resolve("task.jar"), Map.of("UserTask", """
        import io.weft.driver.plan.Task;
        import io.weft.driver.plan.TaskContext;
        import java.util.function.Function;
        public class UserTask implements Task<String> {
          private final Function<Integer, String> f;
          public UserTask(Function<Integer, String> f) { this.f = f; }
          public int partition() { return 0; }
          public String run(TaskContext context) { return f.apply(1); }
        }
        """));
    closureJar = TestJars.compile(dir.resolve("closure.jar"), Map.of("Closures", """
        import java.io.Serializable;
        import java.util.function.Function;
        public class Closures {
          public static Function<Integer, String> greet() {
            return (Function<Integer, String> & Serializable) i -> "hello " + i;
          }
        }
        """));
    try (URLClassLoader driver = loader(taskJar, closureJar)) {
      Object closure = driver.loadClass("Closures").getMethod("greet").invoke(null);
      Object task = driver.loadClass("UserTask").getConstructor(Function.class).newInstance(closure);
      serializedTask = JavaSerializer.serialize(task);
    }
  }

  @Test
  void aTaskWhoseClassIsMissing_failsNamingTheClassAndHowToShipIt() throws Exception {
    TaskOutcome outcome = run(loader());

    assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class, failed -> assertThat(failed.message())
        .contains("the executors cannot load UserTask: " + HINT));
  }

  @Test
  void aTaskWhoseLambdaClassIsMissing_failsNamingThatClassAndHowToShipIt() throws Exception {
    TaskOutcome outcome = run(loader(taskJar));

    assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class, failed -> assertThat(failed.message())
        .contains("the executors cannot load Closures: " + HINT));
  }

  @Test
  void withEveryJarShipped_theSameTaskRuns() throws Exception {
    TaskOutcome outcome = run(loader(taskJar, closureJar));

    assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Finished.class, finished -> assertThat(
        (String) JavaSerializer.deserialize(finished.result(), getClass().getClassLoader()))
        .isEqualTo("hello 1"));
  }

  @Test
  void aFailureOfTheUsersOwnCode_getsNoHint() {
    assertThat(MissingClassHint.of(new IllegalStateException("boom", new ArithmeticException("/ by zero"))))
        .isEmpty();
  }

  @Test
  void theJvmsOtherWaysOfSayingAClassIsMissing_getTheHintToo() {
    assertThat(MissingClassHint.of(new IllegalStateException(new NoClassDefFoundError("com/example/Helper"))))
        .contains("the executors cannot load com.example.Helper: " + HINT);
    assertThat(MissingClassHint.of(new ClassCastException("cannot assign instance of "
        + "java.lang.invoke.SerializedLambda to field Job.f of type java.util.function.Function in instance of Job")))
        .hasValueSatisfying(hint -> assertThat(hint).startsWith("the executors cannot load the class that defines a "
            + "lambda of this task (to field Job.f").endsWith(HINT));
  }

  private TaskOutcome run(URLClassLoader executorLoader) throws Exception {
    try (executorLoader) {
      TaskRunner runner = new TaskRunner(executorLoader, new ExecutorStorage(new ShuffleStore("1", "127.0.0.1", 0,
          dir.resolve("shuffle"), executorLoader, Optional.empty()), new BlockCache()));
      return runner.run(new TaskDescription(1, 0, 0, 0, 0, 0, serializedTask));
    }
  }

  private URLClassLoader loader(Path... jars) throws Exception {
    URL[] urls = new URL[jars.length];
    for (int i = 0; i < jars.length; i++) {
      urls[i] = jars[i].toUri().toURL();
    }
    return new URLClassLoader(urls, getClass().getClassLoader());
  }
}
