package io.weft.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.testing.TestJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolated classes on a local context (the executor threads use the same per-scope loaders as executor
 * processes): two jars define the same classes with different code; a job run in each scope sees its own, in its
 * closures and in the records of its shuffle.
 */
class IsolatedClassesTest {
  /** A shuffle keyed by a class of the jar, and a closure calling a method of the jar. */
  private static final String TAGGER = """
      package iso;

      import io.weft.driver.Pair;
      import io.weft.driver.WeftContext;
      import java.io.Serializable;
      import java.util.ArrayList;
      import java.util.Collections;
      import java.util.List;
import java.util.Map;
      import java.util.function.Function;

      public class Tagger implements Function<WeftContext, List<String>> {
        public static final class Key implements Serializable {
          final int k;

          Key(int k) {
            this.k = k;
          }

          @Override
          public boolean equals(Object o) {
            return o instanceof Key other && other.k == k;
          }

          @Override
          public int hashCode() {
            return k;
          }

          @Override
          public String toString() {
            return "%1$s" + k;
          }
        }

        static String tag() {
          return "%1$s";
        }

        @Override
        public List<String> apply(WeftContext context) {
          List<String> out = new ArrayList<>(context.parallelize(List.of(1, 2, 3, 4), 2)
              .mapToPair(i -> Pair.of(new Key(i %% 2), i)).reduceByKey(Integer::sum, 2).toDataset()
              .map(p -> p.key() + "=" + p.value() + tag()).collect());
          Collections.sort(out);
          return out;
        }
      }
      """;

  @TempDir Path dir;
  private WeftContext context;

  @BeforeEach
  void start() {
    context = new WeftContext(new WeftConf(false).setMaster("local[2]").setAppName("isolated-classes-test")
        .set("weft.ui.enabled", "false"));
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  void twoScopes_withTheSameClassNames_eachRunTheirOwnCode_inClosuresAndShuffles() throws Exception {
    Path jarA = compile("a", TAGGER.formatted("A"));
    Path jarB = compile("b", TAGGER.formatted("B"));

    List<String> a = runIn(jarA);
    List<String> b = runIn(jarB);

    assertThat(a).containsExactly("A0=6A", "A1=4A");
    assertThat(b).containsExactly("B0=6B", "B1=4B");
  }

  @Test
  void closedScope_refusesFurtherWork() throws Exception {
    IsolatedClasses classes = context.isolatedClasses("closed", List.of(compile("c", TAGGER.formatted("C"))));
    classes.close();

    assertThatThrownBy(() -> classes.call(() -> "never")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void missingJar_isRefusedNamingThePath() {
    Path missing = dir.resolve("nope.jar");

    assertThatThrownBy(() -> context.isolatedClasses("missing", List.of(missing)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
  }

  @SuppressWarnings("unchecked")
  private List<String> runIn(Path jar) throws Exception {
    try (IsolatedClasses classes = context.isolatedClasses("t", List.of(jar))) {
      return classes.call(() -> ((Function<WeftContext, List<String>>) classes.loader().loadClass("iso.Tagger")
          .getDeclaredConstructor().newInstance()).apply(context));
    }
  }

  private Path compile(String name, String source) throws IOException {
    return TestJars.compile(Files.createDirectories(dir.resolve(name)).resolve(name + ".jar"), Map.of("Tagger", source));
  }
}
