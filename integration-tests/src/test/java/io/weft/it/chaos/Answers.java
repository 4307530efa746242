package io.weft.it.chaos;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The answers of the chaos applications that compute theirs from no input, worked out in plain Java. */
final class Answers {
  private Answers() {}

  /**
   * What {@code SalesByCountry <customers> <partitions>} prints: {@code country<TAB>total}, sorted by
   * country. Customer {@code c} lives in country {@code (31c + 7) mod 8}; order {@code o} (of
   * {@code 5 x customers}) belongs to customer {@code 17o mod customers} and is worth {@code o mod 97 + 1}.
   */
  static List<String> salesByCountry(int customers) {
    List<String> countries = List.of("BR", "DE", "FR", "IN", "JP", "KE", "NZ", "US");
    Map<String, Long> totals = new TreeMap<>();
    for (int order = 0; order < customers * 5; order++) {
      int customer = Math.floorMod(order * 17, customers);
      String country = countries.get(Math.floorMod(customer * 31 + 7, countries.size()));
      totals.merge(country, (long) (order % 97) + 1, Long::sum);
    }
    return totals.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).toList();
  }
}
