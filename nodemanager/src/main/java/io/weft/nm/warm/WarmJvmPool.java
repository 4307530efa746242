package io.weft.nm.warm;

import static java.util.Objects.requireNonNull;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.weft.common.launch.ExitStatus;
import io.weft.common.launch.warm.WarmJvm;
import io.weft.nm.launch.CdsArchives;
import io.weft.nm.launch.ContainerDirs;
import io.weft.nm.launch.JvmLaunchOptions;
import io.weft.nm.launch.ProcessGroups;
import io.weft.nm.launch.WeftJvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The idle warm JVMs of this node: {@code count} per heap size, started after the NodeManager is up,
 * on a thread of their own, never in its start-up path, one at a time (the next once the last is ready).
 * A container claims one ({@link #claim}) and
 * owns it from then on; the pool forgets it and starts a replacement once the node has had no container
 * launch for {@link #QUIET} and a core to spare over the last {@link #QUIET} (at most {@link #MAX_DEFER}
 * later): a JVM start is a burst of CPU that containers still starting should not compete with, and a
 * process cannot lower its own priority back, so a niced warm JVM would make a niced container. For the same
 * reason a launch holds the warm-up of the idle JVM not yet ready (it waits between its steps, see
 * {@code WarmUpHold}); the quiet look that would start a replacement lets it go on first.
 * A JVM that dies idle is replaced after a back-off that doubles up to {@link #MAX_BACKOFF};
 * after {@link #MAX_FAILURES} deaths in a row of one heap size, without a claim in between, that size is
 * given up with a log line. Closing kills every idle JVM's process group. Idle JVMs a previous
 * NodeManager left (it crashed, or a supervised stop kept its containers) are killed, never adopted.
 *
 * <p>How many it keeps of a heap follows recent demand ({@link #target}): {@code count}, or up to {@code maxCount}
 * when that many containers of the heap launched within {@link #BURST} of each other over the last
 * {@link #DEMAND_WINDOW}, so the next burst of that size starts warm. The JVMs beyond {@code count} are kept only
 * while their heaps fit in the node's memory not allocated to containers ({@link #countAgainst}): they are started
 * only then, and killed, newest first, when a container launch or the passing of the demand leaves them beyond it.
 */
public final class WarmJvmPool implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  static final Duration QUIET = Duration.ofMillis(500);
  /** How often the pool looks whether the JVM warming up is ready, to start the next. */
  static final Duration WARMING_POLL = Duration.ofMillis(100);
  /** A node never quiet gets its JVMs anyway after this: tests and busy hosts still see a pool. */
  static final Duration MAX_DEFER = Duration.ofSeconds(30);
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  static final int MAX_FAILURES = 5;
  /** Under the local and log dirs; hidden, so nothing that lists applications there takes it for one. */
  static final String DIR_NAME = ".warm-jvms";
  static final String SCRIPT = "launch_container.sh";
  /** Launches of one heap this close together count as one burst, which the pool grows to serve warm. */
  static final Duration BURST = Duration.ofSeconds(5);
  /** How long a burst keeps the pool grown: applications arriving further apart get {@code count} again. */
  static final Duration DEMAND_WINDOW = Duration.ofMinutes(2);
  /** How often the pool checks whether demand has passed and JVMs beyond it can go. */
  static final Duration TRIM_PERIOD = Duration.ofSeconds(10);

  private final WarmJvmSettings settings;
  private final Path workRoot;
  private final Path logRoot;
  private final String java;
  private final String classpath;
  private final WeftJvmOptions jvmOptions;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "warm-jvm-pool");
    t.setDaemon(true);
    return t;
  });
  private final List<PooledJvm> idle = new ArrayList<>();
  private final Map<Long, Integer> failures = new HashMap<>();
  private final SpareCpu spareCpu = new SpareCpu();
  /** Per heap, the start times (nanos) of eligible launches within the last {@link #DEMAND_WINDOW}, oldest first. */
  private final Map<Long, ArrayDeque<Long>> recentLaunches = new HashMap<>();
  private LongSupplier unallocatedMemoryMb = () -> 0;
  /** The clock of the demand window; a test's own in tests. */
  private final LongSupplier nanoClock;
  private long lastLaunchNanos = System.nanoTime();
  /** When a refill first found the node busy; -1 when it was not deferred. */
  private long deferredSinceNanos = -1;
  private long sequence;
  private long warmLaunches;
  private long coldLaunches;
  private boolean refillScheduled;
  private boolean closed;
  /** Weft's class path, indexed after the first fill for the containers whose user jars follow it. */
  private final CompletableFuture<ClassPathIndex> weftClassPath = new CompletableFuture<>();

  /** {@code localDir} and {@code logDir}: the node's, so that a JVM's dirs rename into a container's. */
  public WarmJvmPool(WarmJvmSettings settings, Path localDir, Path logDir, String javaHome, String classpath,
      WeftJvmOptions jvmOptions) {
    this(settings, localDir, logDir, javaHome, classpath, jvmOptions, System::nanoTime);
  }

  WarmJvmPool(WarmJvmSettings settings, Path localDir, Path logDir, String javaHome, String classpath,
      WeftJvmOptions jvmOptions, LongSupplier nanoClock) {
    this.nanoClock = requireNonNull(nanoClock);
    this.settings = requireNonNull(settings);
    this.workRoot = localDir.resolve(DIR_NAME);
    this.logRoot = logDir.resolve(DIR_NAME);
    this.java = Path.of(javaHome, "bin", "java").toString();
    this.classpath = requireNonNull(classpath);
    this.jvmOptions = requireNonNull(jvmOptions);
  }

  /**
   * What the pool has done and holds now, for reports and tests: per heap, its ready idle JVMs and how many it
   * aims to keep now ({@link #target}).
   */
  public record Stats(long warmLaunches, long coldLaunches, Map<Long, Integer> readyByHeapMb,
      Map<Long, Integer> targetByHeapMb) {
    public Stats {
      readyByHeapMb = Collections.unmodifiableMap(new TreeMap<>(readyByHeapMb));
      targetByHeapMb = Collections.unmodifiableMap(new TreeMap<>(targetByHeapMb));
    }
  }

  /**
   * What the node's containers leave of its memory, in MB (capability minus the containers not completed):
   * JVMs beyond {@code count} must fit in it, since the scheduler counts it free. Until this is set, none is kept.
   */
  public synchronized void countAgainst(LongSupplier unallocatedMemoryMb) {
    this.unallocatedMemoryMb = requireNonNull(unallocatedMemoryMb);
  }

  /** Kills what a previous NodeManager left, then fills the pool; returns at once. */
  public void start() {
    if (!settings.enabled()) {
      return;
    }
    thread.execute(() -> {
      LeftoverJvms.kill(workRoot);
      deleteQuietly(workRoot);
      deleteQuietly(logRoot);
      // The first fill does not wait for a spare core: no container of this NodeManager runs yet.
      startMissing();
      try {
        weftClassPath.complete(ClassPathIndex.of(classpath));
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot index the class path {}: containers with a user's jars start cold: {}", classpath, e.toString());
      }
    });
    if (settings.maxCount() > settings.count()) {
      thread.scheduleWithFixedDelay(() -> {
        trim();
        if (belowTarget()) {
          // e.g. memory a container held is free again
          scheduleRefill(Duration.ZERO);
        }
      }, TRIM_PERIOD.toMillis(), TRIM_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Takes a ready idle JVM of {@code heapMb} for a container, if there is one; the caller owns it from
   * then on (and kills it should the launch not go ahead).
   */
  public synchronized Optional<PooledJvm> claim(long heapMb) {
    if (closed) {
      return Optional.empty();
    }
    for (PooledJvm jvm : idle) {
      if (jvm.heapMb() == heapMb && jvm.isReady()) {
        idle.remove(jvm);
        failures.remove(heapMb);
        jvm.releaseWarmUp(); // held as it got ready: the marker must not move into the container's dir
        return Optional.of(jvm);
      }
    }
    return Optional.empty();
  }

  /**
   * Weft's class path, indexed, to tell whether a user's jars may follow it in a warm JVM; empty until the pool
   * has indexed it after its first fill (or when it could not).
   */
  public Optional<ClassPathIndex> weftClassPath() {
    return Optional.ofNullable(weftClassPath.getNow(null));
  }

  /**
   * A container launch is starting (warm or cold): the idle JVM still warming up waits between steps, and refills
   * wait too, until the node is quiet.
   */
  public synchronized void launching() {
    lastLaunchNanos = System.nanoTime();
    idle.stream().filter(jvm -> !jvm.isReady()).forEach(PooledJvm::holdWarmUp);
    scheduleRefill(QUIET);
  }

  /**
   * A container whose command a warm JVM of {@code heapMb} could run is starting (warm or cold; its memory is
   * allocated already): counted as demand for that heap; JVMs beyond {@code count} that no longer fit in the
   * memory left are killed before its process starts.
   */
  public void launching(long heapMb) {
    synchronized (this) {
      demanded(heapMb);
      launching();
    }
    trim();
  }

  /** Records a launch of {@code heapMb} as demand for {@link #target}. */
  synchronized void demanded(long heapMb) {
    if (settings.heapsMb().contains(heapMb)) {
      recentLaunches.computeIfAbsent(heapMb, h -> new ArrayDeque<>()).addLast(nanoClock.getAsLong());
    }
  }

  /**
   * How many idle JVMs of {@code heapMb} the pool aims to keep: {@code count}, or the largest number of its
   * launches within {@link #BURST} of each other over the last {@link #DEMAND_WINDOW}, up to {@code maxCount}.
   */
  synchronized int target(long heapMb) {
    ArrayDeque<Long> launches = recentLaunches.get(heapMb);
    if (launches == null) {
      return settings.count();
    }
    long now = nanoClock.getAsLong();
    while (!launches.isEmpty() && now - launches.peekFirst() > DEMAND_WINDOW.toNanos()) {
      launches.removeFirst();
    }
    Long[] times = launches.toArray(new Long[0]);
    int burst = 0;
    for (int first = 0, last = 0; last < times.length; last++) {
      while (times[last] - times[first] > BURST.toNanos()) {
        first++;
      }
      burst = Math.max(burst, last - first + 1);
    }
    return Math.min(settings.maxCount(), Math.max(settings.count(), burst));
  }

  private synchronized boolean belowTarget() {
    return settings.heapsMb().stream().anyMatch(heap -> failures.getOrDefault(heap, 0) < MAX_FAILURES
        && idleOf(heap).size() < target(heap));
  }

  /** Read outside this pool's lock: the supplier takes the container manager's. */
  private long unallocatedMb() {
    LongSupplier supplier;
    synchronized (this) {
      supplier = unallocatedMemoryMb;
    }
    return supplier.getAsLong();
  }

  /** MB of heap of the idle JVMs beyond {@code count} of their heap: what must fit in the unallocated memory. */
  private synchronized long extraHeapMb() {
    long extra = 0;
    for (long heap : settings.heapsMb()) {
      extra += Math.max(0, idleOf(heap).size() - settings.count()) * heap;
    }
    return extra;
  }

  private synchronized List<PooledJvm> idleOf(long heapMb) {
    return idle.stream().filter(jvm -> jvm.heapMb() == heapMb).toList();
  }

  /**
   * Kills idle JVMs beyond their heap's {@link #target} and, while the JVMs beyond {@code count} do not fit in
   * the node's unallocated memory, those (largest heap first); newest first, since older ones are ready sooner.
   */
  void trim() {
    long unallocated = unallocatedMb();
    List<PooledJvm> excess = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      for (long heap : settings.heapsMb()) {
        List<PooledJvm> of = idleOf(heap);
        for (int i = of.size() - 1; i >= target(heap); i--) {
          excess.add(of.get(i));
          idle.remove(of.get(i));
        }
      }
      List<Long> largestFirst = new ArrayList<>(settings.heapsMb());
      largestFirst.sort(Collections.reverseOrder());
      for (long heap : largestFirst) {
        List<PooledJvm> of = idleOf(heap);
        for (int i = of.size() - 1; i >= settings.count() && extraHeapMb() > unallocated; i--) {
          excess.add(of.get(i));
          idle.remove(of.get(i));
        }
      }
    }
    for (PooledJvm jvm : excess) {
      LOG.info("stopping {}: beyond the recent demand for its heap or the node's unallocated memory", jvm);
      jvm.kill();
      deleteQuietly(jvm.workDir());
      deleteQuietly(jvm.logDir());
    }
  }

  /** A container's process was started, in a warm JVM or not: counted for {@link #stats}. */
  public synchronized void launched(boolean warm) {
    if (warm) {
      warmLaunches++;
    } else {
      coldLaunches++;
    }
  }

  public synchronized Stats stats() {
    Map<Long, Integer> ready = new TreeMap<>();
    Map<Long, Integer> target = new TreeMap<>();
    settings.heapsMb().forEach(heap -> {
      ready.put(heap, 0);
      target.put(heap, settings.enabled() ? target(heap) : 0);
    });
    idle.stream().filter(PooledJvm::isReady).forEach(jvm -> ready.merge(jvm.heapMb(), 1, Integer::sum));
    return new Stats(warmLaunches, coldLaunches, ready, target);
  }

  /** The pids of the ready idle JVMs' launch scripts (their process groups), for tests. */
  public synchronized List<Long> readyPids() {
    return idle.stream().filter(PooledJvm::isReady).map(PooledJvm::pid).toList();
  }

  private synchronized void scheduleRefill(Duration delay) {
    if (closed || !settings.enabled() || refillScheduled) {
      return;
    }
    refillScheduled = true;
    thread.schedule(() -> {
      synchronized (this) {
        refillScheduled = false;
      }
      refill();
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** On the pool's thread: starts the JVMs missing, once no launch happened for {@link #QUIET}. */
  private void refill() {
    synchronized (this) {
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      long sinceLaunch = now - lastLaunchNanos;
      if (sinceLaunch < QUIET.toNanos()) {
        scheduleRefill(Duration.ofNanos(QUIET.toNanos() - sinceLaunch));
        return;
      }
      // Containers that were just launched are still starting: their JVMs want the cores first.
      boolean spare = spareCpu.sinceLastLook();
      if (!spare && (deferredSinceNanos < 0 || now - deferredSinceNanos < MAX_DEFER.toNanos())) {
        if (deferredSinceNanos < 0) {
          deferredSinceNanos = now;
        }
        scheduleRefill(QUIET);
        return;
      }
      deferredSinceNanos = -1;
      idle.forEach(PooledJvm::releaseWarmUp); // the one warming up, held by a launch, goes on first
    }
    startMissing();
  }

  private void startMissing() {
    long unallocated = unallocatedMb();
    List<Long> missing = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      long extra = extraHeapMb();
      for (long heap : settings.heapsMb()) {
        if (failures.getOrDefault(heap, 0) >= MAX_FAILURES) {
          continue;
        }
        int have = idleOf(heap).size();
        for (int i = have; i < target(heap); i++) {
          if (i >= settings.count()) {
            // Beyond the count: only in memory the node's containers leave (the scheduler counts it free).
            if (extra + heap > unallocated) {
              break;
            }
            extra += heap;
          }
          missing.add(heap);
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    // One JVM warms up at a time: a container that arrives meanwhile competes with one, whose warm-up it holds,
    // and the first heap is ready sooner than if all started at once. The next starts once it is ready.
    boolean warming;
    synchronized (this) {
      warming = idle.stream().anyMatch(jvm -> !jvm.isReady());
    }
    if (!warming) {
      startOne(missing.get(0));
    }
    scheduleRefill(WARMING_POLL);
  }

  private void startOne(long heapMb) {
    String name;
    synchronized (this) {
      if (closed) {
        return;
      }
      name = heapMb + "m-" + (++sequence);
    }
    Path workDir = workRoot.resolve(name);
    Path logDir = logRoot.resolve(name);
    JvmLaunchOptions options = jvmOptions.forLaunch(WarmJvm.class.getName(), "warm-jvm-" + name);
    Process process;
    try {
      Files.createDirectories(workDir);
      Files.createDirectories(logDir);
      Path script = WarmScript.write(workDir, command(heapMb, options.options()));
      process = ProcessGroups.start(List.of("bash", script.getFileName().toString()), new ContainerDirs(workDir, logDir),
          ProcessGroups.inheritedEnv());
    } catch (IOException | RuntimeException e) {
      options.exited().accept(ExitStatus.INVALID);
      LOG.warn("cannot start a warm JVM of {} MB heap: {}", heapMb, e.toString());
      deleteQuietly(workDir);
      deleteQuietly(logDir);
      died(heapMb);
      return;
    }
    PooledJvm jvm = new PooledJvm(heapMb, workDir, logDir, process);
    boolean keep;
    synchronized (this) {
      keep = !closed;
      if (keep) {
        idle.add(jvm);
      }
    }
    if (!keep) {
      jvm.kill();
    }
    LOG.info("started {} in {}", jvm, workDir);
    process.onExit().thenAccept(p -> {
      options.exited().accept(p.exitValue());
      exited(jvm, p.exitValue());
    });
  }

  private List<String> command(long heapMb, List<String> nodeOptions) {
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heapMb + "m", "-cp", classpath));
    command.addAll(nodeOptions);
    command.addAll(WarmJvm.JVM_OPTIONS);
    command.add(WarmJvm.class.getName());
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.add(CdsArchives.WEFT_CLASS_LIST_RESOURCE);
    if (settings.tls()) {
      command.add(WarmJvm.TLS);
    }
    return command;
  }

  /** Any JVM of the pool has exited: a claimed one is its container's business; an idle one is replaced. */
  private void exited(PooledJvm jvm, int code) {
    synchronized (this) {
      if (!idle.remove(jvm)) {
        return;
      }
      if (closed) {
        return;
      }
    }
    LOG.warn("{} died idle with exit code {}; see {}", jvm, code, jvm.logDir().resolve("stderr"));
    deleteQuietly(jvm.workDir());
    died(jvm.heapMb());
  }

  private void died(long heapMb) {
    int failed;
    synchronized (this) {
      failed = failures.merge(heapMb, 1, Integer::sum);
    }
    if (failed >= MAX_FAILURES) {
      LOG.error("warm JVMs of {} MB heap died {} times in a row without serving a container; this node starts no "
          + "more of that size (containers of it start cold)", heapMb, failed);
      return;
    }
    long backoffMs = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(failed - 1, 16));
    scheduleRefill(Duration.ofMillis(backoffMs));
  }

  private static void deleteQuietly(Path dir) {
    try {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }

  /** Kills every idle JVM's process group and deletes their dirs. */
  @Override
  public void close() {
    List<PooledJvm> toKill;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toKill = List.copyOf(idle);
      idle.clear();
    }
    thread.shutdownNow();
    for (PooledJvm jvm : toKill) {
      jvm.kill();
      deleteQuietly(jvm.workDir());
      deleteQuietly(jvm.logDir());
    }
    if (!toKill.isEmpty()) {
      LOG.info("killed {} idle warm JVMs", toKill.size());
    }
  }
}
