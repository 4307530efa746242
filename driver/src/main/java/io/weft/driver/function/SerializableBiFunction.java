package io.weft.driver.function;

import java.io.Serializable;
import java.util.function.BiFunction;

/** A {@link BiFunction} that can travel to an executor. */
@FunctionalInterface
public interface SerializableBiFunction<T, U, R> extends BiFunction<T, U, R>, Serializable {}
