package io.weft.nm.monitor;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.resource.NodeUtilization;
import io.weft.common.resource.ResourceUtilization;
import io.weft.common.rpc.WeftException;
import io.weft.nm.container.ContainerManager;
import io.weft.nm.container.ContainerReport;
import io.weft.nm.container.ContainerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * YARN's ContainersMonitor: every interval, measures each running container's process tree from
 * procfs; with the physical-memory check on, stops a container whose resident memory exceeds its
 * size with {@link ExitStatus#KILLED_EXCEEDED_PMEM} and YARN's diagnostic; and keeps the node's
 * measured utilization (containers and host) for the heartbeat. Measures whether or not it kills.
 */
public final class ContainerMonitor implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();
  private static final long MB = 1024 * 1024;

  /** How often to measure, and whether a container over its memory is killed. */
  public record Settings(Duration interval, boolean pmemCheckEnabled) {
    public Settings {
      requireNonNull(interval);
    }
  }

  /** One container's use at the last measurement. */
  public record ContainerUsage(ContainerId id, long pid, long pmemBytes, long vmemBytes, float cpuVcores) {}

  private final ContainerManager containers;
  private final Settings settings;
  private final Path procRoot;
  private final KernelUnits units = KernelUnits.ofThisHost();
  private final HostUsage host;
  private final CpuScale cpuScale;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "nm-container-monitor");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong rounds = new AtomicLong();
  /** CPU ticks of each container at the previous round; the monitor thread's own. */
  private final Map<ContainerId, Long> lastCpuTicks = new HashMap<>();
  private long lastRoundNanos;
  private volatile NodeUtilization utilization = NodeUtilization.NONE;
  private volatile Map<ContainerId, ContainerUsage> usage = Map.of();
  private boolean started;

  public ContainerMonitor(ContainerManager containers, Settings settings, int nodeVcores) {
    this(containers, settings, nodeVcores, Path.of("/proc"));
  }

  ContainerMonitor(ContainerManager containers, Settings settings, int nodeVcores, Path procRoot) {
    this.containers = requireNonNull(containers);
    this.settings = requireNonNull(settings);
    this.procRoot = requireNonNull(procRoot);
    this.cpuScale = new CpuScale(nodeVcores, Runtime.getRuntime().availableProcessors());
    this.host = new HostUsage(procRoot, cpuScale);
  }

  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    timer.scheduleWithFixedDelay(this::measureSafely, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("container monitor measuring every {} ms, physical-memory check {}", settings.interval().toMillis(),
        settings.pmemCheckEnabled() ? "on" : "off");
  }

  public boolean pmemCheckEnabled() {
    return settings.pmemCheckEnabled();
  }

  /** The node's measured use at the last round (nothing before the first). */
  public NodeUtilization utilization() {
    return utilization;
  }

  /** Each running container's use at the last round. */
  public Map<ContainerId, ContainerUsage> containerUsage() {
    return usage;
  }

  /** How many rounds of measurement have completed. */
  public long rounds() {
    return rounds.get();
  }

  private void measureSafely() {
    try {
      measure();
    } catch (RuntimeException e) {
      // One bad round (procfs unreadable for a moment) must not end the monitoring of every later one.
      LOG.warn("container monitor round failed: {}", e.toString(), e);
    }
  }

  private void measure() {
    ProcessTable table = ProcessTable.read(procRoot);
    long now = System.nanoTime();
    double seconds = lastRoundNanos == 0 ? 0 : (now - lastRoundNanos) / 1e9;
    lastRoundNanos = now;
    Map<ContainerId, ContainerUsage> measured = new LinkedHashMap<>();
    Map<ContainerId, Long> cpuTicks = new HashMap<>();
    ResourceUtilization sum = ResourceUtilization.NONE;
    for (ContainerReport c : containers.reports()) {
      if (c.state() != ContainerState.RUNNING || c.pid() <= 0) {
        continue;
      }
      ProcessTreeUsage tree = ProcessTreeUsage.of(c.pid(), table.tree(c.pid()), units);
      if (tree.processes().isEmpty()) {
        continue;
      }
      cpuTicks.put(c.id(), tree.cpuTicks());
      Long before = lastCpuTicks.get(c.id());
      float busy = before == null || seconds <= 0 ? 0f
          : (float) (Math.max(0, tree.cpuTicks() - before) / (double) units.ticksPerSecond() / seconds);
      ContainerUsage u = new ContainerUsage(c.id(), c.pid(), tree.rssBytes(), tree.vmemBytes(), cpuScale.vcores(busy));
      measured.put(c.id(), u);
      sum = sum.add(new ResourceUtilization(u.pmemBytes() / MB, u.vmemBytes() / MB, u.cpuVcores()));
      long limit = c.resource().memoryMb() * MB;
      if (settings.pmemCheckEnabled() && tree.rssBytes() > limit) {
        kill(c, tree, limit);
      }
    }
    lastCpuTicks.clear();
    lastCpuTicks.putAll(cpuTicks);
    usage = Map.copyOf(measured);
    utilization = new NodeUtilization(sum, host.sample());
    rounds.incrementAndGet();
  }

  private void kill(ContainerReport c, ProcessTreeUsage tree, long limit) {
    String diagnostics = MemoryLimitDiagnostic.of(c.id(), c.pid(), tree.rssBytes(), limit,
        tree.dump(procRoot, units));
    LOG.warn("{}", diagnostics);
    try {
      containers.stop(c.id(), ExitStatus.KILLED_EXCEEDED_PMEM, diagnostics);
    } catch (WeftException e) {
      LOG.debug("{} ended before the monitor could stop it: {}", c.id(), e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
