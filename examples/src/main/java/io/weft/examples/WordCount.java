package io.weft.examples;

import io.weft.driver.Pair;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.util.Arrays;
import java.util.Locale;

/**
 * Counts the words of a text file: {@code WordCount <input file> <output dir> [partitions]}. Words
 * are runs of letters, digits and apostrophes, lower-cased. Writes {@code word<TAB>count} lines
 * sorted by word into {@code part-NNNNN} files of the output directory (which must not exist), and
 * prints how many distinct words there were. Two shuffles: one to count, one to sort.
 */
public final class WordCount {
  private WordCount() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: WordCount <input file> <output dir> [partitions]");
    }
    try (WeftContext context = new WeftContext(new WeftConf().setAppName("WordCount"))) {
      int partitions = args.length > 2 ? Integer.parseInt(args[2]) : context.defaultParallelism();
      var counts = context.textFile(args[0], partitions)
          .flatMap(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")))
          .filter(word -> !word.isEmpty())
          .mapToPair(word -> Pair.of(word, 1L))
          .reduceByKey(Long::sum, partitions)
          .sortByKey(true, partitions);
      counts.saveAsTextFile(args[1]);
      System.out.println("WordCount wrote " + counts.count() + " distinct words to " + args[1]);
    }
  }
}
