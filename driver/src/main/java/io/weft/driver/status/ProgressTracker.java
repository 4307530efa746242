package io.weft.driver.status;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;

/**
 * The application's progress as the driver reports it to the ResourceManager: tasks that
 * succeeded over all tasks of every stage attempt submitted so far in this driver, counting every
 * job seen. A new job (or a stage attempt re-running lost work) adds tasks and so lowers that
 * ratio; the progress reported holds at its highest value until the ratio passes it again, so it
 * never goes down. It is 0 before the first stage and 1 once every task submitted has succeeded.
 */
public final class ProgressTracker implements DriverListener {
  private final Consumer<Float> onChange;
  private long totalTasks;
  private long succeededTasks;
  private float progress;

  /** {@code onChange} hears each new (higher) value; called on the listener's thread, so it must be quick. */
  public ProgressTracker(Consumer<Float> onChange) {
    this.onChange = requireNonNull(onChange);
  }

  public ProgressTracker() {
    this(value -> { });
  }

  @Override
  public void onEvent(DriverEvent event) {
    float changed;
    synchronized (this) {
      if (event instanceof DriverEvent.StageSubmitted e) {
        totalTasks += e.numTasks();
      } else if (event instanceof DriverEvent.TaskEnded e && e.error().isEmpty()) {
        succeededTasks++;
      } else {
        return;
      }
      float ratio = totalTasks == 0 ? 0f : Math.min(1f, (float) succeededTasks / totalTasks);
      if (ratio <= progress) {
        return;
      }
      progress = ratio;
      changed = ratio;
    }
    onChange.accept(changed);
  }

  /** The progress in [0, 1], never lower than a value returned before. */
  public synchronized float progress() {
    return progress;
  }
}
