package io.weft.dist;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Poll;
import io.weft.common.tls.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What HA ResourceManagers say of themselves in {@code /ws/v1/cluster/info}, and waiting for one to say a
 * state. The static methods speak plain http; {@link #over} asks a cluster whose web servers speak TLS.
 */
public final class RmHaStates {
  /** Not an HA state: the RM's web server did not answer. */
  public static final String UNREACHABLE = "UNREACHABLE";
  private static final Pattern HA_STATE = Pattern.compile("\"haState\"\\s*:\\s*\"(\\w+)\"");
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final RmHaStates PLAIN = new RmHaStates(TlsSettings.OFF);

  private final String scheme;
  private final HttpClient http;

  private RmHaStates(TlsSettings tls) {
    requireNonNull(tls);
    this.scheme = tls.scheme();
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    if (tls.enabled()) {
      builder.sslContext(tls.sslContext());
    }
    this.http = builder.build();
  }

  /**
   * Asks RMs whose web servers speak what {@code tls} says: https trusting its CAs, presenting its
   * certificate if any.
   */
  public static RmHaStates over(TlsSettings tls) {
    return tls.enabled() ? new RmHaStates(tls) : PLAIN;
  }

  /** The {@code haState} of the RM whose web server is at {@code web}, over plain http; see {@link #stateOf}. */
  public static String of(HostPort web) {
    return PLAIN.stateOf(web);
  }

  /** {@link #awaitState} over plain http. */
  public static String await(Map<String, HostPort> rms, String state, Duration timeout) throws InterruptedException {
    return PLAIN.awaitState(rms, state, timeout);
  }

  /**
   * The {@code haState} of the RM whose web server is at {@code web}: ACTIVE, STANDBY, ...; else UNREACHABLE
   * or "HTTP <status>".
   */
  public String stateOf(HostPort web) {
    try {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(scheme + "://" + web
          + "/ws/v1/cluster/info")).timeout(Duration.ofSeconds(5)).header("Accept", "application/json").build(),
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
  public String awaitState(Map<String, HostPort> rms, String state, Duration timeout) throws InterruptedException {
    return Poll.until(() -> rms.entrySet().stream().filter(rm -> stateOf(rm.getValue()).equals(state))
        .map(Map.Entry::getKey).findFirst(), POLL, timeout).orElseThrow(() -> new IllegalStateException(
            "no ResourceManager is " + state + " after " + timeout.toSeconds() + " s; they say " + states(rms)));
  }

  /** What each of {@code rms} (id to web address) says now. */
  public Map<String, String> states(Map<String, HostPort> rms) {
    Map<String, String> states = new TreeMap<>();
    rms.forEach((id, web) -> states.put(id, stateOf(web)));
    return states;
  }
}
