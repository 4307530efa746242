package io.weft.dist;

import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Poll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What HA ResourceManagers say of themselves in {@code /ws/v1/cluster/info}, and waiting for one to say a state. */
public final class RmHaStates {
  /** Not an HA state: the RM's web server did not answer. */
  public static final String UNREACHABLE = "UNREACHABLE";
  private static final Pattern HA_STATE = Pattern.compile("\"haState\"\\s*:\\s*\"(\\w+)\"");
  private static final Duration POLL = Duration.ofMillis(100);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private RmHaStates() {}

  /** The {@code haState} of the RM whose web server is at {@code web}: ACTIVE, STANDBY, ...; else UNREACHABLE or "HTTP <status>". */
  public static String of(HostPort web) {
    try {
      HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + web + "/ws/v1/cluster/info"))
          .timeout(Duration.ofSeconds(5)).header("Accept", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher state = HA_STATE.matcher(answer.body());
      return answer.statusCode() == 200 && state.find() ? state.group(1) : "HTTP " + answer.statusCode();
    } catch (IOException e) {
      return UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNREACHABLE;
    }
  }

  /**
   * Waits until one of {@code rms} (id to web address) says {@code state}, and returns its id; fails
   * after {@code timeout} naming what each last said.
   */
  public static String await(Map<String, HostPort> rms, String state, Duration timeout) throws InterruptedException {
    return Poll.until(() -> rms.entrySet().stream().filter(rm -> of(rm.getValue()).equals(state))
        .map(Map.Entry::getKey).findFirst(), POLL, timeout).orElseThrow(() -> new IllegalStateException(
            "no ResourceManager is " + state + " after " + timeout.toSeconds() + " s; they say " + states(rms)));
  }

  private static Map<String, String> states(Map<String, HostPort> rms) {
    Map<String, String> states = new java.util.TreeMap<>();
    rms.forEach((id, web) -> states.put(id, of(web)));
    return states;
  }
}
