package io.weft.driver.executor;

import java.util.Optional;

/**
 * Turns a task failure caused by a class the executor cannot load into advice: the usual cause is an
 * application whose jars were not shipped, and the JVM's own messages ({@code ClassNotFoundException},
 * {@code NoClassDefFoundError}, or "cannot assign instance of java.lang.invoke.SerializedLambda" when a lambda's
 * class is missing) do not say what to do about it.
 */
final class MissingClassHint {
  private static final String LAMBDA_CAST = "cannot assign instance of java.lang.invoke.SerializedLambda";

  private MissingClassHint() {}

  /** The hint for {@code failure}, when one of its causes is a class the executor's loader lacks. */
  static Optional<String> of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Optional<String> missing = missingClass(t);
      if (missing.isPresent()) {
        return Optional.of("the executors cannot load " + missing.get() + ": ship the jar that holds it with --jars"
            + " or weft.jars (WeftConf.setJars)");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> missingClass(Throwable t) {
    if (t instanceof ClassNotFoundException && t.getMessage() != null) {
      return Optional.of(t.getMessage());
    }
    if (t instanceof NoClassDefFoundError && t.getMessage() != null) {
      return Optional.of(t.getMessage().replace('/', '.'));
    }
    if (t instanceof ClassCastException && t.getMessage() != null && t.getMessage().contains(LAMBDA_CAST)) {
      // the class that defines the lambda is not named; the field it was meant for is
      return Optional.of("the class that defines a lambda of this task (" + t.getMessage()
          .substring(t.getMessage().indexOf(LAMBDA_CAST) + LAMBDA_CAST.length()).strip() + ")");
    }
    return Optional.empty();
  }
}
