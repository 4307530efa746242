package io.weft.rm.lifecycle;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one immutable transition table of a lifecycle: which event moves an entity from which
 * state to which. Events are keyed by their record class. A (state, event) pair the table does
 * not name throws {@link IllegalTransitionException}; pairs declared as ignored leave the state
 * unchanged. Every transition is logged here, in one place.
 *
 * @param <S> the state enum
 * @param <E> the sealed event interface
 */
public final class TransitionTable<S extends Enum<S>, E> {
  private static final Logger LOG = LogManager.getLogger();

  private final String entity;
  private final Class<S> stateType;
  private final Map<S, Map<Class<? extends E>, S>> transitions;
  private final Map<S, Set<Class<? extends E>>> ignored;
  private final Set<Class<? extends E>> quiet;

  private TransitionTable(Builder<S, E> builder) {
    this.quiet = Set.copyOf(builder.quiet);
    this.entity = builder.entity;
    this.stateType = builder.stateType;
    Map<S, Map<Class<? extends E>, S>> t = new EnumMap<>(stateType);
    builder.transitions.forEach((s, m) -> t.put(s, Map.copyOf(m)));
    Map<S, Set<Class<? extends E>>> i = new EnumMap<>(stateType);
    builder.ignored.forEach((s, m) -> i.put(s, Set.copyOf(m)));
    this.transitions = Collections.unmodifiableMap(t);
    this.ignored = Collections.unmodifiableMap(i);
  }

  public static <S extends Enum<S>, E> Builder<S, E> builder(String entity, Class<S> stateType) {
    return new Builder<>(entity, stateType);
  }

  /**
   * The state {@code event} moves {@code id} to from {@code from}; logs the transition.
   *
   * @throws IllegalTransitionException when the table neither allows nor ignores the pair
   */
  public S next(Object id, S from, E event) {
    requireNonNull(event, "event");
    S to = transitions.getOrDefault(from, Map.of()).get(event.getClass());
    if (to != null) {
      if (quiet.contains(event.getClass())) {
        LOG.debug("{} {} -> {} on {}", id, from, to, event.getClass().getSimpleName());
      } else {
        LOG.info("{} {} -> {} on {}", id, from, to, event.getClass().getSimpleName());
      }
      return to;
    }
    if (ignored.getOrDefault(from, Set.of()).contains(event.getClass())) {
      LOG.debug("{} ignores {} in state {}", id, event.getClass().getSimpleName(), from);
      return from;
    }
    throw new IllegalTransitionException(entity + " " + id + " cannot handle " + event.getClass().getSimpleName()
        + " in state " + from);
  }

  /** True when the table allows or ignores {@code event} in {@code state}. */
  public boolean accepts(S state, Class<? extends E> event) {
    return transitions.getOrDefault(state, Map.of()).containsKey(event)
        || ignored.getOrDefault(state, Set.of()).contains(event);
  }

  /** The targets reachable in one step from {@code state}, other than itself. */
  public Set<S> exits(S state) {
    Set<S> exits = EnumSet.noneOf(stateType);
    transitions.getOrDefault(state, Map.of()).values().forEach(exits::add);
    exits.remove(state);
    return exits;
  }

  public boolean isTerminal(S state) {
    return exits(state).isEmpty();
  }

  /** Every state reachable from {@code initial}, itself included. */
  public Set<S> reachableFrom(S initial) {
    Set<S> seen = EnumSet.of(initial);
    Deque<S> frontier = new ArrayDeque<>(seen);
    while (!frontier.isEmpty()) {
      for (S next : exits(frontier.pop())) {
        if (seen.add(next)) {
          frontier.push(next);
        }
      }
    }
    return seen;
  }

  public String entity() {
    return entity;
  }

  /** Collects the table; {@link #build()} freezes it. */
  public static final class Builder<S extends Enum<S>, E> {
    private final String entity;
    private final Class<S> stateType;
    private final Map<S, Map<Class<? extends E>, S>> transitions = new HashMap<>();
    private final Map<S, Set<Class<? extends E>>> ignored = new HashMap<>();
    private final Set<Class<? extends E>> quiet = new HashSet<>();

    private Builder(String entity, Class<S> stateType) {
      this.entity = requireNonNull(entity);
      this.stateType = requireNonNull(stateType);
    }

    /** {@code event} moves each of {@code from} to {@code to}. */
    @SafeVarargs
    public final Builder<S, E> on(Class<? extends E> event, S to, S... from) {
      for (S s : from) {
        S previous = transitions.computeIfAbsent(s, k -> new HashMap<>()).put(event, to);
        if (previous != null) {
          throw new IllegalStateException(entity + ": " + s + " on " + event.getSimpleName() + " declared twice");
        }
      }
      return this;
    }

    /** {@code event} is deliberately ignored in each of {@code states}. */
    @SafeVarargs
    public final Builder<S, E> ignore(Class<? extends E> event, S... states) {
      for (S s : states) {
        ignored.computeIfAbsent(s, k -> new HashSet<>()).add(event);
      }
      return this;
    }

    /**
     * Transitions on these events are logged at DEBUG: events that happen by the thousand at once
     * (recovery from the state store) and are summed up by their caller in one line.
     */
    @SafeVarargs
    public final Builder<S, E> quietly(Class<? extends E>... events) {
      quiet.addAll(List.of(events));
      return this;
    }

    public TransitionTable<S, E> build() {
      return new TransitionTable<>(this);
    }
  }

  /** An event the lifecycle does not allow in the entity's current state. */
  public static final class IllegalTransitionException extends WeftException {
    public IllegalTransitionException(String message) {
      super(Code.FAILED_PRECONDITION, message);
    }
  }
}
