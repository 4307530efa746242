package io.weft.rm;

import static io.weft.rm.ApplicationMasterServiceTest.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.Token;
import io.weft.proto.YarnApplicationState;
import io.weft.rm.config.RmKeys;
import io.weft.rm.queue.QueueConfigParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /ws/v1/cluster/scheduler} over real HTTP against the real RM: the values of YARN 3.4's
 * capacity scheduler shape come from what the scheduler holds (per user, AM containers, limits).
 */
class SchedulerRestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String P = QueueConfigParser.PREFIX;

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  RmHarness.Node node;
  int amLaunches;

  @BeforeEach
  void start() {
    Map<String, String> conf = new HashMap<>();
    conf.put(RmKeys.ALLOCATE_MAX_WAIT.key(), "60000");
    // containers of 128 MB steps, so that shares of the cluster are not whole eighths
    conf.put(RmKeys.MINIMUM_ALLOCATION_MB.key(), "128");
    conf.put(P + "root.queues", "default");
    conf.put(P + "root.default.capacity", "100");
    conf.put(P + "root.default.user-limit-factor", "0.5");
    conf.put(P + "root.default.maximum-applications", "100");
    conf.put(P + "root.default.maximum-am-resource-percent", "0.25");
    h = new RmHarness(grpc, staging, conf);
    // 16 vcores so that the queue's dominant share (memory) is not a round number of vcores
    node = h.registerNode("127.0.0.1", 40111, 8192, 16);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void leafQueue_reportsEachUsersUsage_theAmResourceUsed_andTheLimitsItApplies() throws Exception {
    Token alice = runningAm("alice");
    h.am(alice).allocate(AllocateRequest.newBuilder().addAsks(ask(1024, 2)).build());
    Token bob = runningAm("bob");
    h.am(bob).allocate(AllocateRequest.newBuilder().addAsks(ask(512, 1)).build());
    // The AM share (25% of 8192 MB) is full with two AMs of 1024 MB: carol's application waits for its AM.
    String carol = submit("carol", 1024);

    JsonNode queue = await("alice's two containers, bob's one, and carol's AM waiting").atMost(Duration.ofSeconds(10))
        .until(() -> defaultQueue(), q -> q.path("numContainers").asInt() == 5
            && q.path("numPendingApplications").asInt() == 1);
    assertThat(h.report(carol).getState()).isEqualTo(YarnApplicationState.ACCEPTED);

    JsonNode users = queue.path("users").path("user");
    assertThat(users).hasSize(3);
    JsonNode a = user(users, "alice");
    assertThat(a.path("resourcesUsed").path("memory").asLong()).isEqualTo(1024 + 2 * 1024);
    assertThat(a.path("resourcesUsed").path("vCores").asInt()).isEqualTo(3);
    assertThat(a.path("AMResourceUsed").path("memory").asLong()).isEqualTo(1024);
    assertThat(a.path("numActiveApplications").asInt()).isEqualTo(1);
    assertThat(a.path("numPendingApplications").asInt()).isZero();
    assertThat(a.path("isActive").asBoolean()).as("alice asks for nothing more").isFalse();
    // the user limit: the queue's guarantee (all 8192 MB) times its user-limit-factor 0.5
    assertThat(a.path("userResourceLimit").path("memory").asLong()).isEqualTo(4096);
    JsonNode b = user(users, "bob");
    assertThat(b.path("resourcesUsed").path("memory").asLong()).isEqualTo(1024 + 512);
    assertThat(b.path("AMResourceUsed").path("memory").asLong()).isEqualTo(1024);
    JsonNode c = user(users, "carol");
    assertThat(c.path("resourcesUsed").path("memory").asLong()).isZero();
    assertThat(c.path("numPendingApplications").asInt()).isEqualTo(1);
    assertThat(c.path("isActive").asBoolean()).as("carol's AM is asked for").isTrue();

    // the AM containers' sizes, and the configured 25% of the queue's share of the cluster
    assertThat(queue.path("usedAMResource").path("memory").asLong()).isEqualTo(2048);
    assertThat(queue.path("AMResourceLimit").path("memory").asLong()).isEqualTo(8192 / 4);
    assertThat(queue.path("userAMResourceLimit").path("memory").asLong()).isEqualTo(8192 / 4);
    assertThat(queue.path("configuredMaxAMResourceLimit").asDouble()).isEqualTo(0.25);
    JsonNode partition = queue.path("resources").path("resourceUsagesByPartition").get(0);
    assertThat(partition.path("partitionName").asText()).isEmpty();
    assertThat(partition.path("amUsed").path("memory").asLong()).isEqualTo(2048);
    assertThat(partition.path("amLimit").path("memory").asLong()).isEqualTo(2048);
    assertThat(partition.path("pending").path("memory").asLong()).as("carol's AM").isEqualTo(1024);
    assertThat(partition.path("used").path("memory").asLong()).isEqualTo(3072 + 1536);

    assertThat(queue.path("allocatedContainers").asInt()).isEqualTo(5);
    assertThat(queue.path("pendingContainers").asInt()).isEqualTo(1);
    assertThat(queue.path("numActiveApplications").asInt()).isEqualTo(2);
    assertThat(queue.path("userLimit").asDouble()).isEqualTo(100.0);
    assertThat(queue.path("userLimitFactor").asDouble()).isEqualTo(0.5);
    assertThat(queue.path("maxApplications").asInt()).isEqualTo(100);
    // YARN's figure: 100 applications × 100% × user-limit-factor 0.5
    assertThat(queue.path("maxApplicationsPerUser").asInt()).isEqualTo(50);
    assertThat(queue.path("preemptionDisabled").asBoolean()).as("preemption is off by default").isTrue();
    assertThat(queue.path("resourcesUsed").path("resourceInformations").path("resourceInformation").get(0)
        .path("value").asLong()).isEqualTo(4608);
  }

  @Test
  void percentages_areSentUnrounded_andQueuesNamedAsYarn34Does() throws Exception {
    Token alice = runningAm("alice");
    h.am(alice).allocate(AllocateRequest.newBuilder().addAsks(ask(1024, 2)).build());
    JsonNode root = await().atMost(Duration.ofSeconds(10)).until(this::schedulerInfo,
        s -> s.path("queues").path("queue").get(0).path("numContainers").asInt() == 3);
    // 3 GB of 8 GB: 37.5%, which one decimal would still show; of the queue's capacity too
    JsonNode queue = root.path("queues").path("queue").get(0);
    assertThat(queue.path("absoluteUsedCapacity").asDouble()).isEqualTo(37.5);
    Token bob = runningAm("bob");
    h.am(bob).allocate(AllocateRequest.newBuilder().addAsks(ask(128, 1)).build());
    // 3072 + 1024 + 128 = 4224 MB of 8192: 51.5625%, rounded to one decimal it would read 51.6
    queue = await().atMost(Duration.ofSeconds(10)).until(this::defaultQueue,
        q -> q.path("numContainers").asInt() == 5);
    assertThat(queue.path("absoluteUsedCapacity").asDouble()).isEqualTo(51.5625);
    assertThat(queue.path("usedCapacity").asDouble()).isEqualTo(51.5625);
    assertThat(queue.path("capacities").path("queueCapacitiesByPartition").get(0).path("absoluteUsedCapacity")
        .asDouble()).isEqualTo(51.5625);
    assertThat(schedulerInfo().path("usedCapacity").asDouble()).isEqualTo(51.5625);
    assertThat(queue.path("queueName").asText()).isEqualTo("default");
    assertThat(queue.path("queuePath").asText()).isEqualTo("root.default");
    assertThat(queue.path("capacities").path("queueCapacitiesByPartition").get(0).path("queueCapacityVectorInfo")
        .path("configuredCapacityVector").asText()).isEqualTo("[memory-mb=100.0%,vcores=100.0%]");
  }

  @Test
  void parentQueue_sumsWhatItsLeavesHold_andCarriesNoLeafFields() throws Exception {
    h.close();
    Map<String, String> conf = new HashMap<>();
    conf.put(P + "root.queues", "default,eng");
    conf.put(P + "root.default.capacity", "50");
    conf.put(P + "root.eng.capacity", "50");
    conf.put(P + "root.eng.queues", "batch");
    conf.put(P + "root.eng.batch.capacity", "100");
    h = new RmHarness(grpc, staging.resolve("tree"), conf);
    node = h.registerNode("127.0.0.1", 40113, 8192, 16);
    String appId = h.newApplication();
    h.client().submitApplication(SubmitApplicationRequest.newBuilder()
        .setSubmissionContext(RmHarness.submission(appId, 1024).setUser("alice").setQueue("batch")).build());
    h.awaitStart(node, 1);

    JsonNode eng = await().atMost(Duration.ofSeconds(10)).until(() -> schedulerInfo().path("queues").path("queue")
        .get(1), q -> q.path("allocatedContainers").asInt() == 1);
    assertThat(eng.path("queuePath").asText()).isEqualTo("root.eng");
    assertThat(eng.path("queueType").asText()).isEqualTo("parent");
    assertThat(eng.path("orderingPolicyInfo").asText()).isEqualTo("utilization");
    assertThat(eng.path("resourcesUsed").path("memory").asLong()).isEqualTo(1024);
    assertThat(eng.path("resources").path("resourceUsagesByPartition").get(0).path("amUsed").path("memory")
        .asLong()).isEqualTo(1024);
    // half of the cluster is guaranteed to eng
    assertThat(eng.path("minEffectiveCapacity").path("memory").asLong()).isEqualTo(4096);
    assertThat(eng.has("users")).isFalse();
    assertThat(eng.has("AMResourceLimit")).isFalse();
    JsonNode batch = eng.path("queues").path("queue").get(0);
    assertThat(batch.path("queuePath").asText()).isEqualTo("root.eng.batch");
    assertThat(batch.path("queueType").asText()).isEqualTo("leaf");
    assertThat(user(batch.path("users").path("user"), "alice").path("AMResourceUsed").path("memory").asLong())
        .isEqualTo(1024);
    // 1024 MB of the 4096 MB guaranteed to root.eng.batch
    assertThat(batch.path("usedCapacity").asDouble()).isEqualTo(25.0);
    assertThat(batch.path("absoluteUsedCapacity").asDouble()).isEqualTo(12.5);
  }

  /** Submits as {@code user}, then launches and registers its AM; returns the AM's token. */
  private Token runningAm(String user) {
    submit(user, 1024);
    Token token = RmHarness.amrmToken(h.awaitStart(node, ++amLaunches));
    h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder().setHost("127.0.0.1").build());
    return token;
  }

  private String submit(String user, long amMb) {
    String appId = h.newApplication();
    h.client().submitApplication(SubmitApplicationRequest.newBuilder()
        .setSubmissionContext(RmHarness.submission(appId, amMb).setUser(user)).build());
    return appId;
  }

  private static JsonNode user(JsonNode users, String name) {
    for (JsonNode u : users) {
      if (u.path("username").asText().equals(name)) {
        return u;
      }
    }
    throw new AssertionError("no user " + name + " in " + users);
  }

  private JsonNode defaultQueue() throws Exception {
    return schedulerInfo().path("queues").path("queue").get(0);
  }

  private JsonNode schedulerInfo() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://" + h.rm.webAddress() + "/ws/v1/cluster/scheduler")).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("scheduler").path("schedulerInfo");
  }
}
