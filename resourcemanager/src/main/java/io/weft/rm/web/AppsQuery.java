package io.weft.rm.web;

import io.weft.common.rpc.WeftException;
import io.weft.common.web.WebRequest;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.core.AppFilter;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code apps} query: YARN's filters (states, queue, user, limit, startedTimeBegin/End,
 * finishedTimeBegin/End, applicationTypes, applicationTags) plus the console's server-side
 * {@code search}, {@code sort}, {@code order} and {@code offset}. Bad values are 400s naming them.
 */
record AppsQuery(AppFilter filter, String search, String sort, boolean descending, int offset, int limit,
    boolean paged) {
  static final int MAX_PAGE = 1000;
  private static final List<String> SORTS = List.of("id", "name", "user", "queue", "state", "finalStatus",
      "startedTime", "finishedTime", "elapsedTime", "progress", "allocatedMB", "allocatedVCores",
      "runningContainers", "applicationType");

  static AppsQuery parse(WebRequest r) {
    Set<AppState> states = new LinkedHashSet<>();
    List<String> stateNames = new java.util.ArrayList<>(r.queryList("states"));
    stateNames.addAll(r.queryList("state"));
    for (String s : stateNames) {
      // only YARN's public states: the RM's own (FINAL_SAVING, FINISHING) are never shown, so never filtered by
      AppState state = AppState.PUBLIC.stream().filter(p -> p.name().equalsIgnoreCase(s.trim())).findFirst()
          .orElseThrow(() -> WeftException.invalidArgument("Invalid application-state " + s
              + " specified. It should be one of " + AppState.PUBLIC));
      states.add(state);
    }
    long limit = r.queryLong("limit", 0);
    long offset = r.queryLong("offset", 0);
    if (limit < 0) {
      throw WeftException.invalidArgument("limit value must be greater then 0, got " + limit);
    }
    if (offset < 0) {
      throw WeftException.invalidArgument("offset must not be negative, got " + offset);
    }
    Instant[] started = range(r, "startedTime");
    Instant[] finished = range(r, "finishedTime");
    AppFilter filter = new AppFilter(states, set(r.query("queue", "")), set(r.query("user", "")),
        Set.copyOf(r.queryList("applicationTypes")), Set.copyOf(r.queryList("applicationTags")), 0,
        started[0], started[1], finished[0], finished[1]);
    String sort = r.query("sort", "");
    if (!sort.isEmpty() && !SORTS.contains(sort)) {
      throw WeftException.invalidArgument("sort '" + sort + "' is not one of " + SORTS);
    }
    String order = r.query("order", "desc");
    if (!order.equals("asc") && !order.equals("desc")) {
      throw WeftException.invalidArgument("order '" + order + "' must be asc or desc");
    }
    boolean paged = r.query("offset", null) != null;
    int page = (int) Math.min(limit, paged ? MAX_PAGE : Integer.MAX_VALUE);
    return new AppsQuery(filter, r.query("search", "").trim().toLowerCase(Locale.ROOT), sort, order.equals("desc"),
        (int) Math.min(offset, Integer.MAX_VALUE), page == 0 && paged ? 50 : page, paged);
  }

  private static Set<String> set(String value) {
    return value.isBlank() ? Set.of() : Set.of(value.trim());
  }

  private static Instant[] range(WebRequest r, String name) {
    long begin = r.queryLong(name + "Begin", 0);
    long end = r.queryLong(name + "End", 0);
    if (begin < 0 || end < 0) {
      throw WeftException.invalidArgument(name + "Begin and " + name + "End must not be negative, got " + begin
          + " and " + end);
    }
    if (end != 0 && begin > end) {
      throw WeftException.invalidArgument(name + "Begin " + begin + " must not be greater than " + name + "End "
          + end);
    }
    return new Instant[] {begin == 0 ? null : Instant.ofEpochMilli(begin), end == 0 ? null : Instant.ofEpochMilli(end)};
  }

  boolean matchesSearch(AppReport a) {
    return search.isEmpty() || a.id().toString().contains(search)
        || a.name().toLowerCase(Locale.ROOT).contains(search) || a.user().toLowerCase(Locale.ROOT).contains(search)
        || a.queue().toLowerCase(Locale.ROOT).contains(search)
        || a.type().toLowerCase(Locale.ROOT).contains(search);
  }

  /** Orders reports by the requested field (id when none), before any is rendered. */
  Comparator<AppReport> comparator(Instant now) {
    Comparator<AppReport> c = switch (sort.isEmpty() ? "id" : sort) {
      case "name" -> Comparator.comparing(a -> a.name().toLowerCase(Locale.ROOT));
      case "user" -> Comparator.comparing(AppReport::user);
      case "queue" -> Comparator.comparing(AppReport::queue);
      case "state" -> Comparator.comparing(a -> a.publicState().name());
      case "finalStatus" -> Comparator.comparing(a -> a.finalStatus().name());
      case "applicationType" -> Comparator.comparing(AppReport::type);
      case "startedTime" -> Comparator.comparing(AppReport::submitTime);
      case "finishedTime" -> Comparator.comparingLong(a -> a.finishTime() == null ? 0 : a.finishTime().toEpochMilli());
      case "elapsedTime" -> Comparator.comparingLong(a -> (a.finishTime() == null ? now : a.finishTime())
          .toEpochMilli() - a.submitTime().toEpochMilli());
      case "progress" -> Comparator.comparingDouble(AppReport::progress);
      case "allocatedMB" -> Comparator.comparingLong(a -> a.publicState().isFinal() ? -1 : a.usedResources().memoryMb());
      case "allocatedVCores" -> Comparator.comparingInt(a -> a.publicState().isFinal() ? -1 : a.usedResources().vcores());
      case "runningContainers" -> Comparator.comparingInt(a -> a.publicState().isFinal() ? -1 : a.usedContainers());
      default -> Comparator.comparing(AppReport::id);
    };
    c = c.thenComparing(AppReport::id);
    return descending ? c.reversed() : c;
  }
}
