package io.weft.jobserver.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.common.rpc.WeftException;
import io.weft.common.web.Json;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.common.web.WebServer;
import io.weft.driver.ui.DriverUi;
import io.weft.jobserver.JobServerKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job server's REST API, on the driver UI's server: {@code GET /driver/status}, {@code POST /jobs},
 * {@code GET /jobs}, {@code GET /jobs/{id}}, {@code GET /jobs/{id}/log}, {@code DELETE /jobs/{id}}. The RM's proxy
 * forwards GETs only, so clients POST and DELETE at the driver's own address, which the status names.
 */
final class JobRoutes {
  private final JobServer server;
  private final JobSubmissions submissions;
  private final Callers callers;
  private final DriverUi ui;
  private final DriverStatus status;
  /** Told of every request: a used job server is not idle (weft.driver.idleTimeout). */
  private final Runnable requestArrived;

  JobRoutes(JobServer server, JobSubmissions submissions, Callers callers, DriverUi ui, DriverStatus status,
      Runnable requestArrived) {
    this.requestArrived = requireNonNull(requestArrived);
    this.server = requireNonNull(server);
    this.submissions = requireNonNull(submissions);
    this.callers = requireNonNull(callers);
    this.ui = requireNonNull(ui);
    this.status = requireNonNull(status);
  }

  /** Mounts the routes on the UI's server; {@code GET /jobs} is shared with the UI's Jobs tab (browsers get the tab). */
  void mount() {
    ui.addRoutes(web -> web
        .get("/driver/status", alive(r -> WebResponse.json(status.view())))
        .route("POST", "/jobs", server.settings().maxJarBytes(), JobServerKeys.MAX_JAR_SIZE.key(), alive(this::submit))
        .get("/jobs/{id}", alive(r -> {
          String user = callers.user(r);
          JobRecord job = job(r);
          return WebResponse.json(job.view(callers.mayAccess(user, job.request().user())));
        }))
        .get("/jobs/{id}/log", alive(r -> {
          JobRecord job = job(r);
          callers.requireAccess(callers.user(r), job);
          Map<String, Object> log = new LinkedHashMap<>();
          log.put("id", job.id());
          log.put("droppedLines", job.log().dropped());
          log.put("lines", job.log().lines());
          return WebResponse.json(log);
        }))
        .route("DELETE", "/jobs/{id}", alive(r -> {
          JobRecord job = job(r);
          callers.requireAccess(callers.user(r), job);
          return WebResponse.json(server.cancel(job.id()).view(true));
        })));
    ui.answerJobsForApiClients(alive(this::list));
  }

  private WebServer.Handler alive(WebServer.Handler handler) {
    return r -> {
      requestArrived.run();
      return handler.handle(r);
    };
  }

  private WebResponse list(WebRequest r) {
    String user = callers.user(r);
    List<Map<String, Object>> views = new ArrayList<>();
    for (JobRecord job : server.jobs()) {
      views.add(job.view(callers.mayAccess(user, job.request().user())));
    }
    return WebResponse.json(Map.of("jobs", views));
  }

  private WebResponse submit(WebRequest r) {
    String user = callers.user(r);
    JobRequest request = isJson(r) ? submissions.fromJson(readJson(r), user) : submissions.fromQuery(r, user);
    JobRecord job = server.submit(request);
    return WebResponse.json(201, job.view(true)).withHeader("Location", "jobs/" + job.id());
  }

  private static boolean isJson(WebRequest r) {
    return r.header("Content-Type", "").toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
  }

  private static JsonNode readJson(WebRequest r) {
    try {
      return Json.read(r.body());
    } catch (RuntimeException e) {
      throw WeftException.invalidArgument("the request body is not JSON: " + e.getMessage());
    }
  }

  private JobRecord job(WebRequest r) {
    String id = r.param("id");
    Optional<JobRecord> job = server.job(id);
    return job.orElseThrow(() -> WeftException.notFound("unknown job " + id + " (the server keeps the last "
        + server.settings().retainedJobs() + " finished jobs: weft.jobserver.retainedJobs)"));
  }
}
