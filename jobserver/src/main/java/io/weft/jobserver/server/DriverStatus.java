package io.weft.jobserver.server;

import static java.util.Objects.requireNonNull;

import io.weft.driver.WeftContext;
import io.weft.driver.status.AppStatusStore.ExecutorView;
import io.weft.driver.ui.DriverUi;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /driver/status}: where the driver runs, its executors and its jobs, for people and scripts. */
final class DriverStatus {
  private final WeftContext weft;
  private final DriverUi ui;
  private final JobServer server;
  private final String owner;
  private final String schedulerMode;

  DriverStatus(WeftContext weft, DriverUi ui, JobServer server, String owner, String schedulerMode) {
    this.weft = requireNonNull(weft);
    this.ui = requireNonNull(ui);
    this.server = requireNonNull(server);
    this.owner = requireNonNull(owner);
    this.schedulerMode = requireNonNull(schedulerMode);
  }

  Map<String, Object> view() {
    URI url = URI.create(ui.url());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("applicationId", weft.applicationId());
    status.put("name", weft.appName());
    status.put("owner", owner);
    status.put("host", url.getHost());
    status.put("port", url.getPort());
    status.put("url", ui.url());
    status.put("uiUrl", ui.url());
    List<Map<String, Object>> executors = new ArrayList<>();
    for (ExecutorView executor : ui.executors()) {
      if (executor.isActive()) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", executor.id());
        view.put("host", executor.host());
        view.put("cores", executor.totalCores());
        executors.add(view);
      }
    }
    status.put("executors", executors);
    Map<JobState, Integer> counts = server.counts();
    status.put("jobsRunning", counts.get(JobState.RUNNING));
    status.put("jobsQueued", counts.get(JobState.QUEUED));
    Map<String, Integer> byState = new LinkedHashMap<>();
    counts.forEach((state, n) -> byState.put(state.name(), n));
    status.put("jobs", byState);
    status.put("maxConcurrentJobs", server.settings().maxConcurrentJobs());
    status.put("schedulerMode", schedulerMode);
    return status;
  }
}
