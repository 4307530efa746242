package io.weft.driver.function;

import java.io.Serializable;
import java.util.function.Predicate;

/** A {@link Predicate} that can travel to an executor. */
@FunctionalInterface
public interface SerializablePredicate<T> extends Predicate<T>, Serializable {}
