package io.weft.examples;

import io.weft.driver.Pair;
import io.weft.driver.PairDataset;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A two-shuffle job: joins generated orders with their customers by customer id (first shuffle),
 * then sums the order amounts per country (second shuffle) and prints {@code country<TAB>total}
 * sorted by country. Usage: {@code SalesByCountry [customers] [partitions]} (default 1000, 4).
 * The data is deterministic, so every run (and every deploy mode) prints the same lines.
 */
public final class SalesByCountry {
  static final List<String> COUNTRIES = List.of("BR", "DE", "FR", "IN", "JP", "KE", "NZ", "US");

  private SalesByCountry() {}

  public static void main(String[] args) {
    int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    try (WeftContext context = new WeftContext(new WeftConf().setAppName("SalesByCountry"))) {
      PairDataset<Integer, String> countryOf = context.parallelize(IntStream.range(0, customers).boxed().toList(),
          partitions).mapToPair(id -> Pair.of(id, COUNTRIES.get(Math.floorMod(id * 31 + 7, COUNTRIES.size()))));
      PairDataset<Integer, Long> orders = context.parallelize(IntStream.range(0, customers * 5).boxed().toList(),
          partitions).mapToPair(order -> Pair.of(Math.floorMod(order * 17, customers), (long) (order % 97) + 1));
      List<Pair<String, Long>> totals = countryOf.join(orders, partitions)
          .toDataset().mapToPair(joined -> Pair.of(joined.value().key(), joined.value().value()))
          .reduceByKey(Long::sum, 2)
          .sortByKey(true, 1)
          .collect();
      totals.forEach(total -> System.out.println(total.key() + "\t" + total.value()));
    }
  }
}
