package io.pipelinescheduler.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvConfigTest {
  @TempDir Path workDir;

  @Test
  void builds_the_config_from_example_values_with_the_environment_winning() throws Exception {
    ExampleProcess.Result result =
        ExampleProcess.run(
            workDir, EnvConfig.class, env -> env.put("SCHEDULER_MAX_CONCURRENT", "7"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("set in the environment: [SCHEDULER_MAX_CONCURRENT]\n")
        .containsPattern(
            "effective configuration: SchedulerConfig\\{persistSchedules=true, dbPath=\\S+"
                + "/pipeline-scheduler-env\\d+/scheduler\\.db,")
        .contains(
            "timezone=Europe/Berlin",
            "maxConcurrentRuns=7,",
            "instanceId=reports-1,",
            "historyRetention=PT168H,",
            "shutdownGrace=PT10S,")
        .containsPattern(
            "morning-report next runs: \\[\\d{4}-\\d\\d-\\d\\dT07:30\\+0[12]:00\\[Europe/Berlin\\],"
                + " \\d{4}-\\d\\d-\\d\\dT07:30\\+0[12]:00\\[Europe/Berlin\\]\\]\n")
        .contains("morning-report zone: Europe/Berlin\n")
        .containsPattern("run now: SUCCEEDED on reports-1, output: INFO report for \\S+Z\n");
    assertThat(result.leftInTempDirectory()).as("the database is deleted at exit").isEmpty();
  }

  @Test
  void a_bad_value_in_the_environment_is_named_and_exits_2() throws Exception {
    ExampleProcess.Result result =
        ExampleProcess.run(
            workDir, EnvConfig.class, env -> env.put("SCHEDULER_MAX_CONCURRENT", "ten"));

    assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
    assertThat(result.output())
        .contains(
            "bad configuration: SCHEDULER_MAX_CONCURRENT has 'ten'; expected a whole number from 1"
                + " to 1000, e.g. 10\n")
        .doesNotContain("effective configuration");
  }
}
