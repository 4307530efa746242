package io.weft.driver;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.Iterators;
import io.weft.driver.function.SerializableBinaryOperator;
import io.weft.driver.function.SerializableFunction;
import io.weft.driver.function.SerializablePredicate;
import io.weft.driver.plan.Lineage;
import io.weft.driver.plan.MapPartitionsLineage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A lazy, partitioned collection: transformations ({@link #map}, {@link #filter}) extend the
 * lineage; actions ({@link #reduce}, {@link #count}, {@link #collect}) run it as a job.
 */
public final class Dataset<T> {
  private final WeftContext context;
  private final Lineage<T> lineage;

  Dataset(WeftContext context, Lineage<T> lineage) {
    this.context = requireNonNull(context);
    this.lineage = requireNonNull(lineage);
  }

  public WeftContext context() {
    return context;
  }

  public int numPartitions() {
    return lineage.numPartitions();
  }

  public <R> Dataset<R> map(SerializableFunction<T, R> f) {
    requireNonNull(f, "function");
    return narrow(it -> Iterators.transform(it, f::apply));
  }

  public Dataset<T> filter(SerializablePredicate<T> p) {
    requireNonNull(p, "predicate");
    return narrow(it -> Iterators.filter(it, p::test));
  }

  /** Combines all elements with {@code op} (associative and commutative); fails on an empty dataset. */
  public T reduce(SerializableBinaryOperator<T> op) {
    requireNonNull(op, "operator");
    List<Reduced<T>> partials = context.runJob(lineage, it -> {
      if (!it.hasNext()) {
        return new Reduced<>(false, null);
      }
      T acc = it.next();
      while (it.hasNext()) {
        acc = op.apply(acc, it.next());
      }
      return new Reduced<>(true, acc);
    });
    T result = null;
    boolean any = false;
    for (Reduced<T> partial : partials) {
      if (partial.present()) {
        result = any ? op.apply(result, partial.value()) : partial.value();
        any = true;
      }
    }
    if (!any) {
      throw new UnsupportedOperationException("reduce of an empty dataset");
    }
    return result;
  }

  public long count() {
    List<Long> counts = context.runJob(lineage, it -> {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      return n;
    });
    return counts.stream().mapToLong(Long::longValue).sum();
  }

  /** Every element, in partition order, in the driver's memory. */
  public List<T> collect() {
    List<ArrayList<T>> parts = context.runJob(lineage, it -> {
      ArrayList<T> values = new ArrayList<>();
      it.forEachRemaining(values::add);
      return values;
    });
    List<T> all = new ArrayList<>();
    parts.forEach(all::addAll);
    return all;
  }

  private <R> Dataset<R> narrow(SerializableFunction<Iterator<T>, Iterator<R>> f) {
    return new Dataset<>(context, new MapPartitionsLineage<>(context.newLineageId(), lineage, f));
  }

  /** A partition's partial reduction: absent for an empty partition. */
  record Reduced<T>(boolean present, T value) implements Serializable {}
}
