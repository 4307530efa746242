package io.weft.driver.scheduler;

/**
 * Names a job after the user's code that started it, as {@code count at Pi.java:31}: the outermost
 * dataset method on the stack is the action, the frame that called it the user's line.
 */
final class CallSite {
  private static final String DRIVER_PACKAGE = "io.weft.driver.";

  private CallSite() {}

  static String describe() {
    StackTraceElement[] stack = Thread.currentThread().getStackTrace();
    int action = -1;
    for (int i = 0; i < stack.length; i++) {
      String className = stack[i].getClassName();
      if (className.equals(DRIVER_PACKAGE + "Dataset") || className.equals(DRIVER_PACKAGE + "PairDataset")) {
        action = i;
      }
    }
    if (action < 0 || action + 1 >= stack.length) {
      return "job";
    }
    StackTraceElement caller = stack[action + 1];
    return stack[action].getMethodName() + " at " + (caller.getFileName() == null ? caller.getClassName()
        : caller.getFileName()) + ":" + caller.getLineNumber();
  }
}
