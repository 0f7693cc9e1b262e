package io.pipelinescheduler.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringTest {
  @TempDir Path workDir;

  @Test
  void prints_every_scheduler_meter_with_tags_and_values_and_the_health_details() throws Exception {
    ExampleProcess.Result result = ExampleProcess.run(workDir, Monitoring.class);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .containsPattern(
            "refresh-cache slot \\S+ skipped: OVERLAP, the previous run was still running\n")
        .contains(
            "  pipeline.scheduler.runs{outcome=succeeded, schedule=import-orders} COUNT=3\n",
            "  pipeline.scheduler.runs{outcome=failed, schedule=send-emails} COUNT=2\n",
            "  pipeline.scheduler.retries{schedule=send-emails} COUNT=1\n",
            "  pipeline.scheduler.claims{result=won, schedule=send-emails} COUNT=1\n",
            "  pipeline.scheduler.runs.active{} VALUE=0\n",
            "  pipeline.scheduler.schedules{} VALUE=3\n")
        .containsPattern(
            "  pipeline\\.scheduler\\.run\\.duration\\{outcome=succeeded, schedule=import-orders}"
                + " COUNT=3 TOTAL_TIME=\\d+\\.\\d{3}s MAX=\\d+\\.\\d{3}s\n")
        .containsPattern(
            "  pipeline\\.scheduler\\.run\\.lateness\\{schedule=refresh-cache} COUNT=[1-9]")
        .containsPattern(
            "  pipeline\\.scheduler\\.skips\\{reason=overlap, schedule=refresh-cache} COUNT=[1-9]")
        .contains("health: UP, running true\n")
        .containsPattern("metrics: SchedulerMetrics\\[totalRuns=\\d+, succeeded=\\d+, failed=2,")
        .contains("  store = memory\n", "  lockBackend = local\n", "  schedules = 3\n")
        .containsPattern("  lockBackendDetails = \\{.*claimsWon=\\d+.*}\n");
  }
}
