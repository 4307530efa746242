package io.weft.dist;

import io.weft.common.config.ConfigKey;
import io.weft.common.config.ConfigRegistry;
import io.weft.common.config.KnownKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders {@code docs/configuration.md} from the config registry, so the reference can never drift
 * from the code: a test fails when the committed file differs, and {@code main} rewrites it.
 */
public final class ConfigReference {
  private ConfigReference() {}

  public static String render() {
    List<String> missing = KnownKeys.loadKeyClasses();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("key classes " + missing + " are missing");
    }
    StringBuilder md = new StringBuilder("""
        # Configuration reference

        Generated from the key registry by `io.weft.dist.ConfigReference` (a test fails when this
        file is stale; regenerate from the repo root after a build with
        `java -cp 'dist/target/weft/lib/*' io.weft.dist.ConfigReference`).
        Set keys in `$WEFT_HOME/conf/weft-site.properties`, with `--conf key=value` on daemons and
        `submit`, or `WEFT_OPTS=-Dkey=value` for client commands.

        | key | type | default | valid values | description |
        |---|---|---|---|---|
        """);
    for (ConfigKey<?> key : ConfigRegistry.all()) {
      if (key.key().startsWith("test.")) {
        continue;
      }
      md.append("| `").append(key.key()).append("` | ").append(key.type()).append(" | ")
          .append(key.defaultText() == null ? "(required)" : key.defaultText().isEmpty() ? "(empty)"
              : "`" + key.defaultText() + "`")
          .append(" | ").append(key.ruleText() == null ? "" : key.ruleText())
          .append(" | ").append(key.description().replace("|", "\\|")).append(" |\n");
    }
    md.append("\n## Renamed keys\n\nSetting an old name fails start-up with the new name in the message.\n\n"
        + "| old key | new key |\n|---|---|\n");
    ConfigRegistry.renamed().forEach((old, key) -> {
      if (!old.startsWith("test.")) {
        md.append("| `").append(old).append("` | `").append(key.key()).append("` |\n");
      }
    });
    return md.toString();
  }

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
    Files.writeString(target, render());
    System.out.println("wrote " + target);
  }
}
