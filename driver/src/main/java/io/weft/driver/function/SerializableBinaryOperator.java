package io.weft.driver.function;

import java.io.Serializable;
import java.util.function.BinaryOperator;

/** A {@link BinaryOperator} that can travel to an executor. */
@FunctionalInterface
public interface SerializableBinaryOperator<T> extends BinaryOperator<T>, Serializable {}
