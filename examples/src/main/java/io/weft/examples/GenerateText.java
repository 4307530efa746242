package io.weft.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a deterministic text file for WordCount benchmarks: {@code GenerateText <file> <megabytes>}.
 * Lines of 8–15 words drawn from a vocabulary of 50,000 made-up words with a skewed (roughly Zipf)
 * frequency, seeded, so the same size gives the same file. Runs without a cluster.
 */
public final class GenerateText {
  private static final int VOCABULARY = 50_000;

  private GenerateText() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: GenerateText <file> <megabytes>");
    }
    long bytes = Long.parseLong(args[1]) * 1024 * 1024;
    String[] words = new String[VOCABULARY];
    Random random = new Random(20261122);
    for (int i = 0; i < VOCABULARY; i++) {
      StringBuilder word = new StringBuilder();
      int length = 3 + random.nextInt(8);
      for (int c = 0; c < length; c++) {
        word.append((char) ('a' + random.nextInt(26)));
      }
      words[i] = word.toString();
    }
    long written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      while (written < bytes) {
        line.setLength(0);
        int count = 8 + random.nextInt(8);
        for (int w = 0; w < count; w++) {
          double u = random.nextDouble();
          int index = (int) (Math.pow(u, 3) * VOCABULARY); // skewed towards the first words
          line.append(w == 0 ? "" : " ").append(words[index]);
        }
        line.append('\n');
        out.write(line.toString());
        written += line.length();
      }
    }
    System.out.println("wrote " + written + " bytes to " + args[0]);
  }
}
