package io.weft.driver.function;

import java.io.Serializable;
import java.util.function.Function;

/** A {@link Function} that can travel to an executor. */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
