package io.weft.driver.serialize;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;

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

  /** Reads back what {@link #serialize} wrote, resolving classes through {@code loader}, within the default limits. */
  public static <T> T deserialize(byte[] data, ClassLoader loader) {
    return deserialize(data, loader, DeserializationLimits.DEFAULT);
  }

  /**
   * Reads back what {@link #serialize} wrote through the {@link DeserializationFilter}; a refused
   * payload fails with a {@link RefusedObjectException} naming the class or the limit.
   */
  public static <T> T deserialize(byte[] data, ClassLoader loader, DeserializationLimits limits) {
    if (data.length > limits.maxBytes()) {
      throw new RefusedObjectException("a payload of " + data.length + " bytes",
          "it exceeds the limit of " + limits.maxBytes() + " bytes", null);
    }
    try (FilteredObjectInput in = new FilteredObjectInput(new ByteArrayInputStream(data), loader, limits)) {
      return in.readRecord("a payload of " + data.length + " bytes");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("class " + e.getMessage() + " not found while deserializing"
          + " (is it in the application jar?)", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot deserialize: " + e, e);
    }
  }

  /** A filtered object stream over {@code in} that resolves classes through {@code loader} (for shuffle files). */
  public static FilteredObjectInput objectInput(InputStream in, ClassLoader loader) throws IOException {
    return new FilteredObjectInput(in, loader, DeserializationLimits.DEFAULT);
  }
}
