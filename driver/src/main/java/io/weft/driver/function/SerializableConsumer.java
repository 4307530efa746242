package io.weft.driver.function;

import java.io.Serializable;
import java.util.function.Consumer;

/** A {@link Consumer} that can travel to an executor. */
@FunctionalInterface
public interface SerializableConsumer<T> extends Consumer<T>, Serializable {}
