package io.weft.driver.plan;

import io.weft.driver.function.SerializableBiFunction;
import io.weft.driver.function.SerializableBinaryOperator;
import io.weft.driver.function.SerializableFunction;
import java.io.Serializable;

/** Combines the values of one key: start a combiner from a value, add a value, merge two combiners. */
public record Aggregator<V, C, K>(SerializableFunction<V, C> createCombiner,
    SerializableBiFunction<C, V, C> mergeValue, SerializableBinaryOperator<C> mergeCombiners)
    implements Serializable {}
