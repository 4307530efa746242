package io.weft.driver;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.Iterators;
import io.weft.driver.function.SerializableBinaryOperator;
import io.weft.driver.function.SerializableConsumer;
import io.weft.driver.function.SerializableFunction;
import io.weft.driver.function.SerializablePredicate;
import io.weft.driver.plan.CachedLineage;
import io.weft.driver.plan.Lineage;
import io.weft.driver.plan.MapPartitionsLineage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A lazy, partitioned collection: transformations ({@link #map}, {@link #filter}, {@link #flatMap},
 * {@link #mapToPair}...) extend the lineage; actions ({@link #collect}, {@link #count},
 * {@link #reduce}, {@link #take}, {@link #foreach}, {@link #saveAsTextFile}) run it as a job.
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

  Lineage<T> lineage() {
    return lineage;
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

  /** Each element becomes zero or more elements. */
  public <R> Dataset<R> flatMap(SerializableFunction<T, ? extends Iterable<R>> f) {
    requireNonNull(f, "function");
    return narrow(it -> Iterators.concat(Iterators.transform(it, x -> f.apply(x).iterator())));
  }

  /** A whole partition at a time. */
  public <R> Dataset<R> mapPartitions(SerializableFunction<Iterator<T>, Iterator<R>> f) {
    requireNonNull(f, "function");
    return narrow(f);
  }

  /** A keyed dataset: each element becomes a key and a value. */
  public <K, V> PairDataset<K, V> mapToPair(SerializableFunction<T, Pair<K, V>> f) {
    requireNonNull(f, "function");
    return new PairDataset<>(map(f));
  }

  /** The distinct elements (a shuffle; elements need a hash code that is the same in every JVM). */
  public Dataset<T> distinct(int numPartitions) {
    return mapToPair(x -> new Pair<T, Boolean>(x, Boolean.TRUE)).reduceByKey((a, b) -> a, numPartitions).keys();
  }

  public Dataset<T> distinct() {
    return distinct(numPartitions());
  }

  public Dataset<T> union(Dataset<T> other) {
    return context.union(this, requireNonNull(other, "other"));
  }

  /** Executors keep the partitions in memory once computed; later jobs reuse them. */
  public Dataset<T> cache() {
    return new Dataset<>(context, new CachedLineage<>(context.newLineageId(), lineage));
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

  /** Every element, in partition order, in the driver's memory (bounded by {@code weft.driver.maxResultSize}). */
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

  /** The first {@code n} elements in partition order (each partition sends at most {@code n}). */
  public List<T> take(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("take needs a count of at least 0, got " + n);
    }
    List<ArrayList<T>> parts = context.runJob(lineage, it -> {
      ArrayList<T> values = new ArrayList<>();
      while (values.size() < n && it.hasNext()) {
        values.add(it.next());
      }
      return values;
    });
    List<T> first = new ArrayList<>();
    for (List<T> part : parts) {
      for (T value : part) {
        if (first.size() == n) {
          return first;
        }
        first.add(value);
      }
    }
    return first;
  }

  /** Runs {@code f} on every element, on the executors. */
  public void foreach(SerializableConsumer<T> f) {
    requireNonNull(f, "function");
    context.runJob(lineage, it -> {
      it.forEachRemaining(f);
      return Boolean.TRUE;
    });
  }

  /**
   * Writes the elements' {@code toString}, one per line, as {@code part-00000}, {@code part-00001}...
   * in {@code dir}, then {@code _SUCCESS}. The directory must not exist, be empty, or hold only what
   * an earlier attempt of this application left in {@code _temporary}; executors must reach it at the
   * same path. Output appears only when the whole job succeeded (see {@link OutputCommitter}).
   */
  public void saveAsTextFile(String dir) {
    requireNonNull(dir, "dir");
    OutputCommitter committer = OutputCommitter.setUpJob(dir, context.attemptId());
    Dataset<Void> written = new Dataset<>(context, new MapPartitionsLineage<T, Void>(context.newLineageId(), lineage,
        (Integer index, Iterator<T> it) -> TextOutput.write(committer, index, it)));
    try {
      written.count();
    } catch (RuntimeException | Error e) {
      committer.abortJob();
      throw e;
    }
    committer.commitJob();
  }

  private <R> Dataset<R> narrow(SerializableFunction<Iterator<T>, Iterator<R>> f) {
    return new Dataset<>(context, new MapPartitionsLineage<>(context.newLineageId(), lineage, f));
  }

  /** A partition's partial reduction: absent for an empty partition. */
  record Reduced<T>(boolean present, T value) implements Serializable {}
}
