package io.weft.nm.health;

import static java.util.Objects.requireNonNull;

import io.weft.common.lifecycle.Lifecycle;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs the disk check and the health script (if any) on their own intervals, off the heartbeat
 * thread, and keeps their latest verdicts; {@link #current()} is what the next heartbeat reports.
 * The disk check runs once in {@link #start()}, so the registration already carries it; until the
 * script's first run ends, the script counts as healthy (as in YARN).
 */
public final class NodeHealthChecker implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();
  private final HealthCheckSettings settings;
  private final DiskHealth disks;
  private final Optional<HealthScript> script;
  private final Clock clock;
  private final ScheduledExecutorService runner = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "nm-health-checker");
    t.setDaemon(true);
    return t;
  });
  private volatile NodeHealth diskHealth;
  private volatile NodeHealth scriptHealth;
  private volatile boolean lastHealthy = true;
  private boolean started;

  public NodeHealthChecker(HealthCheckSettings settings, List<Path> localDirs, List<Path> logDirs, Path scratch,
      Clock clock) {
    this.settings = requireNonNull(settings);
    this.clock = requireNonNull(clock);
    this.disks = new DiskHealth(localDirs, logDirs, settings.maxDiskUtilizationPercent(), clock);
    this.script = settings.script().map(s -> new HealthScript(s, settings.scriptTimeout(), scratch, clock));
    this.diskHealth = NodeHealth.healthy(clock.instant());
    this.scriptHealth = NodeHealth.healthy(clock.instant());
  }

  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    checkDisks();
    long diskMs = settings.diskInterval().toMillis();
    runner.scheduleWithFixedDelay(this::checkDisks, diskMs, diskMs, TimeUnit.MILLISECONDS);
    script.ifPresent(s -> runner.scheduleWithFixedDelay(() -> {
      scriptHealth = s.run();
      logChange();
    }, 0, settings.scriptInterval().toMillis(), TimeUnit.MILLISECONDS));
  }

  private void checkDisks() {
    diskHealth = disks.check();
    logChange();
  }

  /** Logs each change of verdict once, not every check. */
  private synchronized void logChange() {
    NodeHealth now = current();
    if (now.healthy() != lastHealthy) {
      lastHealthy = now.healthy();
      if (now.healthy()) {
        LOG.info("node is healthy again");
      } else {
        LOG.warn("node is unhealthy: {}", now.report());
      }
    }
  }

  /** The node's health as last checked. */
  public NodeHealth current() {
    List<NodeHealth> parts = new ArrayList<>(2);
    parts.add(diskHealth);
    parts.add(scriptHealth);
    return NodeHealth.combine(parts, clock.instant());
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }
}
