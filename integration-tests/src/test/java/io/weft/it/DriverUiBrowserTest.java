package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.driver.Pair;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The driver UI's stage DAG, event timeline and task-metric quantiles as a browser shows them, from a
 * local-mode driver in this JVM that ran a word count and a join. Screenshots go to
 * {@code target/screenshots} (driver-jobs-timeline, driver-job-dag, driver-stage-quantiles).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverUiBrowserTest {
  private WeftContext context;
  private Browser browser;
  private String ui;

  @BeforeAll
  void start(@TempDir Path browserDir) {
    context = new WeftContext(new WeftConf(false).set("weft.ui.port", "0").setMaster("local[2]")
        .setAppName("driver-ui-browser"));
    ui = context.uiWebUrl().orElseThrow();
    var words = context.parallelize(IntStream.range(0, 20_000).mapToObj(i -> "word" + (i % 97)).toList(), 6);
    var counts = words.mapToPair(w -> Pair.of(w, 1L)).reduceByKey(Long::sum);
    counts.collect();
    var lengths = context.parallelize(IntStream.range(0, 97).mapToObj(i -> "word" + i).toList(), 3)
        .mapToPair(w -> Pair.of(w, w.length()));
    assertThat(counts.join(lengths).count()).isEqualTo(97);
    browser = new Browser(browserDir);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    context.stop();
  }

  @Test
  void jobPage_showsTheDag_stagePageTheQuantiles_jobsPageTheTimeline() {
    browser.driver.get(ui + "jobs");
    WebElement timeline = browser.driver.findElement(By.cssSelector("svg.event-timeline"));
    assertThat(timeline.isDisplayed()).isTrue();
    assertThat(browser.driver.findElements(By.cssSelector("svg.event-timeline rect.timeline-task"))).isNotEmpty();
    browser.screenshot("driver-jobs-timeline");

    browser.driver.get(ui + "job?id=1");
    WebElement dag = browser.driver.findElement(By.cssSelector("svg.stage-dag"));
    assertThat(dag.isDisplayed()).isTrue();
    // the join's job: its two map stages and result stage, and reduceByKey's stage from job 0, reused
    assertThat(browser.driver.findElements(By.cssSelector("svg.stage-dag g.stage-node"))).hasSize(4);
    assertThat(browser.driver.findElements(By.cssSelector("svg.stage-dag g.skipped"))).hasSize(1);
    browser.screenshot("driver-job-dag");

    browser.driver.findElement(By.cssSelector("svg.stage-dag g.stage-node:not(.skipped) a")).click();
    assertThat(browser.driver.getCurrentUrl()).contains("stage?id=");
    browser.driver.get(ui + "stage?id=1&attempt=0"); // job 0's map stage: it read records and wrote a shuffle
    WebElement quantiles = browser.driver.findElement(By.cssSelector("table.quantiles"));
    assertThat(quantiles.getText()).contains("Shuffle write", "Records read", "Median").contains("KB");
    browser.screenshot("driver-stage-quantiles");
  }
}
