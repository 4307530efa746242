package io.weft.driver.serialize;

import static java.util.Objects.requireNonNull;

import java.io.ObjectInputFilter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The filter on every object stream Weft reads from another process: the classes of
 * {@link AdmittedClasses} and the sizes of {@link DeserializationLimits}. One per stream; it
 * remembers why it refused, so the failure can say so (the JDK's own exception says only
 * "REJECTED"). A stream of many records (a shuffle block) calls {@link #nextRecord()} before each,
 * so the limits apply per record, not to the whole block.
 */
final class DeserializationFilter implements ObjectInputFilter {
  private final AdmittedClasses classes;
  private final DeserializationLimits limits;
  private final Set<Class<?>> admitted = new HashSet<>();
  private long recordReferences;
  private long recordBytes;
  private boolean recordStarting = true;
  private String refusal;

  DeserializationFilter(ClassLoader application, DeserializationLimits limits) {
    this.classes = new AdmittedClasses(application);
    this.limits = requireNonNull(limits);
  }

  /** The next object read starts a new record: references and bytes count from there. */
  void nextRecord() {
    recordStarting = true;
  }

  /** Why the stream was refused, if it was. */
  Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  @Override
  public Status checkInput(FilterInfo info) {
    if (recordStarting) {
      recordStarting = false;
      recordReferences = info.references() - 1;
      recordBytes = info.streamBytes();
    }
    String why = limitExceeded(info);
    if (why == null && info.serialClass() != null && !admitted.contains(info.serialClass())) {
      why = classes.refusal(info.serialClass()).orElse(null);
      if (why == null) {
        admitted.add(info.serialClass());
      }
    }
    if (why != null) {
      refusal = why;
      return Status.REJECTED;
    }
    return Status.UNDECIDED;
  }

  private String limitExceeded(FilterInfo info) {
    if (info.depth() > limits.maxDepth()) {
      return "object graph deeper than the limit of " + limits.maxDepth();
    }
    long references = info.references() - recordReferences;
    if (references > limits.maxReferences()) {
      return "more than the limit of " + limits.maxReferences() + " objects and references";
    }
    long bytes = info.streamBytes() - recordBytes;
    if (bytes > limits.maxBytes()) {
      return bytes + " bytes read, more than the limit of " + limits.maxBytes() + " bytes";
    }
    long length = info.arrayLength();
    if (length >= 0 && info.serialClass() != null) {
      Class<?> component = info.serialClass().getComponentType();
      if (component.isPrimitive()) {
        long claimed = length * primitiveSize(component);
        if (claimed > limits.maxBytes()) {
          return "an array of " + length + " " + component + " (" + claimed + " bytes) exceeds the limit of "
              + limits.maxBytes() + " bytes";
        }
      } else if (length > limits.maxArrayLength()) {
        return "an array of " + length + " elements exceeds the limit of " + limits.maxArrayLength() + " elements";
      }
    }
    return null;
  }

  private static long primitiveSize(Class<?> type) {
    if (type == byte.class || type == boolean.class) {
      return 1;
    }
    if (type == short.class || type == char.class) {
      return 2;
    }
    return type == int.class || type == float.class ? 4 : 8;
  }
}
