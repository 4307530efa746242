package io.weft.rm.web;

import static io.weft.rm.web.Futures.await;
import static io.weft.rm.web.YarnJson.obj;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.common.web.Json;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.common.config.CommonKeys;
import io.weft.rm.config.RmKeys;
import io.weft.rm.app.AppReport;
import io.weft.rm.core.RmCore;
import io.weft.rm.rpc.RestSubmission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * YARN's writing endpoints: {@code PUT apps/{id}/state} (kill: 202 while it is being killed, 200 with
 * the final state once it has ended), {@code PUT apps/{id}/queue} (move), {@code POST apps/new-application}
 * and {@code POST apps}. Safe by default: they answer only when {@code weft.webapp.enable-rest-app-submissions}
 * is on and either users are authenticated or the web server listens on loopback only; otherwise
 * anyone who reaches the port could run commands on the cluster as any user they name. The owner of a
 * submitted application is the caller, never the body's {@code user} once users are authenticated.
 */
final class AppWrites {
  private static final Logger LOG = LogManager.getLogger();
  private static final long KILL_WAIT_MS = 5000;

  private final RmCore core;
  private final Supplier<String> baseUrl;
  private final AppAccess access;
  /** Why REST writes are refused on this server, or null when they are allowed. */
  private final String refusal;

  /** {@code loopbackOnly}: the web server listens on loopback addresses only. */
  AppWrites(RmCore core, Supplier<String> baseUrl, AppAccess access, boolean enabled, boolean loopbackOnly,
      String address) {
    this.core = requireNonNull(core);
    this.access = requireNonNull(access);
    this.baseUrl = requireNonNull(baseUrl);
    boolean authenticated = access.access().authenticator().mode().verifiesUsers();
    this.refusal = !enabled ? "is switched off (" + RmKeys.REST_APP_SUBMISSIONS.key() + "=false)"
        : authenticated || loopbackOnly ? null
        : "is refused: this web server listens on " + address + ", beyond loopback, and users are not "
            + "authenticated (" + CommonKeys.SECURITY_AUTHENTICATION.key() + "=simple), so anyone who can reach it "
            + "could run commands as any user. Set " + CommonKeys.SECURITY_AUTHENTICATION.key() + "=tls or token, "
            + "or bind " + CommonKeys.RM_WEBAPP_ADDRESS.key() + " to 127.0.0.1 (" + RmKeys.REST_APP_SUBMISSIONS.key()
            + " takes effect only then)";
  }

  /** Whether REST submissions, kills and moves are accepted here (for the console's footer). */
  boolean accepted() {
    return refusal == null;
  }

  void register(RmRoutes web) {
    web.route("PUT", ClusterWs.BASE + "/apps/{appid}/state", this::putState)
        .route("PUT", ClusterWs.BASE + "/apps/{appid}/queue", this::putQueue)
        .route("POST", ClusterWs.BASE + "/apps/new-application", r -> {
          requireAllowed("Creating applications");
          return WebResponse.json(
              YarnJson.newApplication(await(core.newApplication()), core.maximumAllocation()));
        })
        .route("POST", ClusterWs.BASE + "/apps", this::submit);
  }

  private void requireAllowed(String what) {
    if (refusal != null) {
      throw WeftException.permissionDenied(what + " through the REST API " + refusal);
    }
  }

  private WebResponse putQueue(WebRequest r) {
    requireAllowed("Moving applications");
    ApplicationId id = ClusterWs.appId(r);
    String queue = Json.read(r.body()).path("queue").asText("");
    if (queue.isBlank()) {
      throw WeftException.invalidArgument("the body must name the target queue: {\"queue\": \"NAME\"}");
    }
    AppReport current = await(core.report(id));
    access.requireModify(r, current, "move");
    String caller = access.caller(r).user();
    LOG.info("move of {} to queue {} asked over REST by {}", id, queue, caller);
    AppReport moved = await(core.moveApplication(id, queue, caller));
    return WebResponse.json(obj("queue", moved.queue()));
  }

  private WebResponse putState(WebRequest r) {
    requireAllowed("Killing applications");
    ApplicationId id = ClusterWs.appId(r);
    JsonNode body = Json.read(r.body());
    String target = body.path("state").asText("");
    AppReport current = await(core.report(id));
    access.requireModify(r, current, "kill");
    if (!target.equals("KILLED")) {
      throw WeftException.invalidArgument("Only 'KILLED' is allowed as a target state of " + id + ", got '"
          + target + "'");
    }
    if (current.state().isFinal()) {
      return WebResponse.json(obj("state", current.publicState().name()));
    }
    String caller = access.caller(r).user();
    LOG.info("kill of {} asked over REST by {}", id, caller);
    CompletableFuture<AppReport> killed = core.kill(id, "Application " + id + " was killed by user " + caller
        + " through the web API", caller);
    try {
      AppReport done = killed.get(KILL_WAIT_MS, TimeUnit.MILLISECONDS);
      return WebResponse.json(obj("state", done.publicState().name()));
    } catch (java.util.concurrent.TimeoutException e) {
      return WebResponse.json(202, obj("state", await(core.report(id)).publicState().name()))
          .withHeader("Location", baseUrl.get() + ClusterWs.BASE + "/apps/" + id + "/state");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw WeftException.unavailable("interrupted while killing " + id);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : WeftException.internal("kill of " + id, e);
    }
  }

  private WebResponse submit(WebRequest r) {
    requireAllowed("Submitting applications");
    RestSubmission parsed = parse(Json.read(r.body()));
    String owner = access.access().permissions().owner(access.caller(r).user(), parsed.user());
    RestSubmission submission = parsed.ownedBy(owner);
    await(core.submit(submission.toSubmission()));
    LOG.info("{} of {} submitted over REST", submission.applicationId(), owner);
    return WebResponse.json(202, Map.of()).withHeader("Location",
        baseUrl.get() + ClusterWs.BASE + "/apps/" + submission.applicationId());
  }

  /** YARN's submit-application JSON; {@code commands.command} may be a string (split at blanks) or an argv array. */
  static RestSubmission parse(JsonNode j) {
    String id = j.path("application-id").asText("");
    if (id.isBlank()) {
      throw WeftException.invalidArgument("application-id is missing; POST apps/new-application first");
    }
    JsonNode spec = j.path("am-container-spec");
    List<String> command = new ArrayList<>();
    JsonNode cmd = spec.path("commands").path("command");
    if (cmd.isArray()) {
      cmd.forEach(c -> command.add(c.asText()));
    } else if (cmd.isTextual()) {
      command.addAll(List.of(cmd.asText().trim().split("\\s+")));
    }
    Map<String, String> env = new LinkedHashMap<>();
    entries(spec.path("environment")).forEach(e -> env.put(e.path("key").asText(), e.path("value").asText()));
    Map<String, RestSubmission.LocalFile> files = new LinkedHashMap<>();
    for (JsonNode e : entries(spec.path("local-resources"))) {
      JsonNode v = e.path("value");
      files.put(e.path("key").asText(), new RestSubmission.LocalFile(v.path("resource").asText(""),
          v.path("type").asText(""), v.path("visibility").asText(""), v.path("size").asLong(0)));
    }
    JsonNode res = j.path("resource");
    long memory = res.path("memory").asLong(1024);
    int vcores = res.path("vCores").asInt(1);
    if (memory <= 0 || vcores <= 0) {
      throw WeftException.invalidArgument("resource memory " + memory + " MB and vCores " + vcores
          + " must both be positive");
    }
    List<String> tags = new ArrayList<>();
    JsonNode tagNode = j.path("application-tags").path("tag");
    if (tagNode.isArray()) {
      tagNode.forEach(t -> tags.add(t.asText()));
    } else if (tagNode.isTextual()) {
      tags.add(tagNode.asText());
    }
    return new RestSubmission(id, j.path("application-name").asText(""), j.path("queue").asText(""),
        j.path("user").asText(""), j.path("application-type").asText(""), tags, j.path("priority").asInt(0),
        new Resource(memory, vcores, otherTypes(res)), j.path("max-app-attempts").asInt(0), j.path("unmanaged-AM").asBoolean(false),
        j.path("keep-containers-across-application-attempts").asBoolean(false), command, env, files,
        j.path("am-container-node-label-expression").asText(""), j.path("app-node-label-expression").asText(""));
  }

  /**
   * The AM's other resource types from YARN's {@code resource.resourceInformations.resourceInformation[]}
   * ({@code {"name": "gpu", "value": 1}}); memory-mb and vcores there are read from memory and vCores instead.
   */
  private static Map<String, Long> otherTypes(JsonNode resource) {
    Map<String, Long> others = new LinkedHashMap<>();
    JsonNode infos = resource.path("resourceInformations").path("resourceInformation");
    for (JsonNode info : infos.isArray() ? infos : List.of(infos)) {
      String name = info.path("name").asText("");
      if (!name.isEmpty() && !name.equals("memory-mb") && !name.equals("vcores")) {
        if (!info.path("value").canConvertToLong()) {
          throw WeftException.invalidArgument("resource " + name + " value '" + info.path("value").asText()
              + "' is not a whole number");
        }
        others.put(name, info.path("value").asLong());
      }
    }
    return others;
  }

  private static List<JsonNode> entries(JsonNode container) {
    JsonNode entry = container.path("entry");
    List<JsonNode> out = new ArrayList<>();
    if (entry.isArray()) {
      entry.forEach(out::add);
    } else if (entry.isObject()) {
      out.add(entry);
    }
    return out;
  }
}
