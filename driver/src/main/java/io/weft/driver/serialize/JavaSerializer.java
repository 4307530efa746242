package io.weft.driver.serialize;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/** Serializes closures, tasks and results; deserializes them against a given class loader. */
public final class JavaSerializer {
  private JavaSerializer() {}

  /** The bytes of {@code value}; fails with the class that is not serializable named. */
  public static byte[] serialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException("task or result is not serializable: " + e.getMessage()
          + " (functions passed to datasets and everything they capture must be Serializable)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName() + ": " + e, e);
    }
    return bytes.toByteArray();
  }

  /** Reads back what {@link #serialize} wrote, resolving classes through {@code loader}. */
  @SuppressWarnings("unchecked")
  public static <T> T deserialize(byte[] data, ClassLoader loader) {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(data), loader)) {
      return (T) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("class " + e.getMessage() + " not found while deserializing"
          + " (is it in the application jar?)", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot deserialize: " + e, e);
    }
  }

  /** An object stream over {@code in} that resolves classes through {@code loader} (for shuffle files). */
  public static ObjectInputStream objectInput(InputStream in, ClassLoader loader) throws IOException {
    return new LoaderObjectInputStream(in, loader);
  }

  /** An object stream that resolves classes through a given loader, falling back to the default. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
