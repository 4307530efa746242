package io.weft.common.launch.warm;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the NodeManager hands a warm JVM when a container claims it: the container's environment, the
 * jars its command puts before Weft's class path (a user's AM; as the command gives them, placeholders
 * expanded), the system properties of its command's {@code -D} options, its main class and arguments.
 * Written once over the JVM's claim channel as a version, then length-prefixed UTF-8 strings.
 */
public record WarmClaim(Map<String, String> environment, List<String> userClassPath,
    Map<String, String> systemProperties, String mainClass, List<String> args) {
  private static final int VERSION = 2;
  /** Far above any real claim; a larger count means the channel carries something else. */
  private static final int MAX_ENTRIES = 1 << 20;

  public WarmClaim {
    environment = Map.copyOf(environment);
    userClassPath = List.copyOf(userClassPath);
    systemProperties = Map.copyOf(systemProperties);
    requireNonNull(mainClass);
    args = List.copyOf(args);
  }

  public void writeTo(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(VERSION);
    writeMap(data, environment);
    writeList(data, userClassPath);
    writeMap(data, systemProperties);
    writeString(data, mainClass);
    writeList(data, args);
    data.flush();
  }

  public static WarmClaim readFrom(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int version = data.readInt();
    if (version != VERSION) {
      throw new IOException("warm JVM claim of version " + version + ", expected " + VERSION);
    }
    Map<String, String> environment = readMap(data);
    List<String> userClassPath = readList(data);
    Map<String, String> properties = readMap(data);
    String mainClass = readString(data);
    return new WarmClaim(environment, userClassPath, properties, mainClass, readList(data));
  }

  private static void writeList(DataOutputStream data, List<String> list) throws IOException {
    data.writeInt(list.size());
    for (String s : list) {
      writeString(data, s);
    }
  }

  private static List<String> readList(DataInputStream data) throws IOException {
    int count = count(data);
    List<String> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(readString(data));
    }
    return list;
  }

  private static void writeMap(DataOutputStream data, Map<String, String> map) throws IOException {
    data.writeInt(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      writeString(data, e.getKey());
      writeString(data, e.getValue());
    }
  }

  private static Map<String, String> readMap(DataInputStream data) throws IOException {
    int count = count(data);
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      map.put(readString(data), readString(data));
    }
    return map;
  }

  private static void writeString(DataOutputStream data, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    data.writeInt(bytes.length);
    data.write(bytes);
  }

  private static String readString(DataInputStream data) throws IOException {
    return new String(data.readNBytes(count(data)), StandardCharsets.UTF_8);
  }

  private static int count(DataInputStream data) throws IOException {
    int n = data.readInt();
    if (n < 0 || n > MAX_ENTRIES * 64) {
      throw new IOException("warm JVM claim with a length of " + n);
    }
    return n;
  }
}
