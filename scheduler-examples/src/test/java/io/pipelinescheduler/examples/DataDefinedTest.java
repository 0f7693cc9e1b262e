package io.pipelinescheduler.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDefinedTest {
  @TempDir Path workDir;

  @Test
  void imports_both_schedules_runs_them_and_picks_up_the_operators_table_edit() throws Exception {
    ExampleProcess.Result result = ExampleProcess.run(workDir, DataDefined.class);

    assertThat(result.exitCode()).as(result.output()).isZero();
    String output = result.output();
    assertThat(output)
        .contains("imported greet-ops (INTERVAL PT1S)\n", "imported disk-report (INTERVAL PT1S)\n")
        .containsPattern("ran greet-ops slot \\S+: INFO hello, ops team\n")
        .containsPattern("ran disk-report slot \\S+: disk ok\n")
        .containsSubsequence(
            "operator: disabled greet-ops, set disk-report to PT2S in ps_schedules",
            "picked up after ",
            "greet-ops ran since: false")
        .containsPattern("picked up after \\d+ ms \\(refreshInterval PT0\\.5S\\)\n")
        .containsPattern("disk-report: enabled true, spec PT2S, next run \\S+Z\n")
        .contains("greet-ops: enabled false, spec PT1S, next run null\n");

    Matcher next = Pattern.compile("disk-report next runs: \\[(.*)]").matcher(output);
    assertThat(next.find()).as(output).isTrue();
    // ZonedDateTime.toString leaves out zero seconds ("…T19:38Z"), which Instant.parse refuses.
    List<Instant> slots =
        Arrays.stream(next.group(1).split(", "))
            .map(text -> ZonedDateTime.parse(text).toInstant())
            .toList();
    assertThat(slots).hasSize(3);
    assertThat(Duration.between(slots.get(0), slots.get(1))).isEqualTo(Duration.ofSeconds(2));
    assertThat(Duration.between(slots.get(1), slots.get(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(result.leftInTempDirectory()).as("the database is deleted at exit").isEmpty();
  }
}
