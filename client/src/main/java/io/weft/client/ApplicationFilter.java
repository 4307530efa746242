package io.weft.client;

import io.weft.client.records.YarnApplicationState;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which applications {@link WeftClient#getApplications(ApplicationFilter)} lists (YARN's
 * {@code GetApplicationsRequest}): an empty set matches everything, so {@link #ALL} lists every application.
 * Times are epoch milliseconds; a range {@code [0, 0]} is no range.
 */
public record ApplicationFilter(Set<YarnApplicationState> states, Set<String> queues, Set<String> users,
    Set<String> applicationTypes, Set<String> applicationTags, long limit, long startBegin, long startEnd,
    long finishBegin, long finishEnd) {
  public static final ApplicationFilter ALL = builder().build();

  public ApplicationFilter {
    states = Set.copyOf(states);
    queues = Set.copyOf(queues);
    users = Set.copyOf(users);
    applicationTypes = Set.copyOf(applicationTypes);
    applicationTags = Set.copyOf(applicationTags);
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the criteria; not thread-safe. */
  public static final class Builder {
    private final Set<YarnApplicationState> states = new LinkedHashSet<>();
    private final Set<String> queues = new LinkedHashSet<>();
    private final Set<String> users = new LinkedHashSet<>();
    private final Set<String> types = new LinkedHashSet<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private long limit;
    private long startBegin;
    private long startEnd;
    private long finishBegin;
    private long finishEnd;

    private Builder() {}

    public Builder states(Collection<YarnApplicationState> states) {
      this.states.addAll(states);
      return this;
    }

    public Builder states(YarnApplicationState... states) {
      return states(List.of(states));
    }

    public Builder queues(Collection<String> queues) {
      this.queues.addAll(queues);
      return this;
    }

    public Builder users(Collection<String> users) {
      this.users.addAll(users);
      return this;
    }

    public Builder applicationTypes(Collection<String> types) {
      this.types.addAll(types);
      return this;
    }

    public Builder applicationTags(Collection<String> tags) {
      this.tags.addAll(tags);
      return this;
    }

    /** At most this many; 0 = no limit. */
    public Builder limit(long limit) {
      this.limit = limit;
      return this;
    }

    /** Submitted between {@code begin} and {@code end}, epoch milliseconds. */
    public Builder startRange(long begin, long end) {
      this.startBegin = begin;
      this.startEnd = end;
      return this;
    }

    /** Finished between {@code begin} and {@code end}, epoch milliseconds. */
    public Builder finishRange(long begin, long end) {
      this.finishBegin = begin;
      this.finishEnd = end;
      return this;
    }

    public ApplicationFilter build() {
      return new ApplicationFilter(states, queues, users, types, tags, limit, startBegin, startEnd, finishBegin,
          finishEnd);
    }
  }
}
