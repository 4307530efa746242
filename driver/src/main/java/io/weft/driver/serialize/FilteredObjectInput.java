package io.weft.driver.serialize;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * An object stream that resolves classes through the application's class loader (falling back to
 * the default) and reads through a {@link DeserializationFilter}: the only way Weft reads Java
 * serialization that came from another process.
 */
public final class FilteredObjectInput extends ObjectInputStream {
  private final ClassLoader loader;
  private final DeserializationFilter filter;
  /** The first class neither loader had: Java serialization drops some of these (see {@link #readRecord}). */
  private String unresolved;

  public FilteredObjectInput(InputStream in, ClassLoader loader, DeserializationLimits limits) throws IOException {
    super(in);
    this.loader = loader;
    this.filter = new DeserializationFilter(loader, limits);
    setObjectInputFilter(filter);
  }

  /**
   * Reads the next record (limits count from here); a refused one fails with a
   * {@link RefusedObjectException} naming {@code what}, and the class or limit.
   */
  @SuppressWarnings("unchecked")
  public <T> T readRecord(String what) throws IOException, ClassNotFoundException {
    filter.nextRecord();
    try {
      return (T) readObject();
    } catch (InvalidClassException e) {
      if (filter.refusal().isPresent()) {
        throw new RefusedObjectException(what, filter.refusal().get(), e);
      }
      throw e;
    } catch (ClassCastException e) {
      // A lambda whose defining class is missing stays a SerializedLambda (the JVM swallows the class's absence)
      // and fails as "cannot assign instance of java.lang.invoke.SerializedLambda"; name the class instead.
      if (unresolved != null) {
        throw (ClassNotFoundException) new ClassNotFoundException(unresolved, e);
      }
      throw e;
    }
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
    try {
      // a delegating loader is asked where to resolve now: resolving through it would make the JVM remember it
      // as the initiating loader of the class, and answer the same class for the next task's scope
      ClassLoader resolver = loader instanceof DelegatingClassLoader delegating ? delegating.target() : loader;
      return Class.forName(desc.getName(), false, resolver);
    } catch (ClassNotFoundException e) {
      try {
        return super.resolveClass(desc);
      } catch (ClassNotFoundException notAnywhere) {
        if (unresolved == null) {
          unresolved = desc.getName();
        }
        throw notAnywhere;
      }
    }
  }
}
