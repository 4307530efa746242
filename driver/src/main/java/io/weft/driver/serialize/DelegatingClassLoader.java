package io.weft.driver.serialize;

/**
 * A class loader that resolves through another chosen per call (an executor's task-thread loader); the
 * deserialization filter admits the classes of the loader it delegates to now, as it would that loader's own.
 */
public abstract class DelegatingClassLoader extends ClassLoader {
  protected DelegatingClassLoader(String name, ClassLoader parent) {
    super(name, parent);
  }

  /** The loader classes are resolved through at this moment, on this thread. */
  public abstract ClassLoader target();
}
