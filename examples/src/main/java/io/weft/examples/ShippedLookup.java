package io.weft.examples;

import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Shows {@code --files} / {@code WeftContext.addFile}: every task reads a properties file from its
 * executor's working directory. Usage: {@code ShippedLookup <file name> <key>...}: prints
 * {@code key=value} for each key, looked up on the executors.
 */
public final class ShippedLookup {
  private ShippedLookup() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: ShippedLookup <file name> <key>...");
    }
    String name = args[0];
    List<String> keys = List.of(args).subList(1, args.length);
    try (WeftContext context = new WeftContext(new WeftConf().setAppName("ShippedLookup"))) {
      List<String> found = context.parallelize(keys, 2).map(key -> key + "=" + lookup(name, key)).collect();
      found.forEach(System.out::println);
    }
  }

  private static String lookup(String file, String key) {
    Properties table = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(file))) {
      table.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + Path.of(file).toAbsolutePath() + ": " + e.getMessage(), e);
    }
    return table.getProperty(key, "?");
  }
}
