package io.pipelinescheduler.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributedTest {
  private static final Pattern RAN =
      Pattern.compile("(?m)^(instance-\\d) ran sync-inventory slot (\\S+)$");
  private static final Pattern CLAIMS =
      Pattern.compile("(?m)^(instance-\\d) claims won (\\d+), lost (\\d+)$");

  @TempDir Path workDir;

  @Test
  void three_worker_processes_sharing_a_lock_directory_run_each_slot_exactly_once()
      throws Exception {
    ExampleProcess.Result result = ExampleProcess.run(workDir, Distributed.class);

    assertEachSlotRanOnce(result, "file");
  }

  @Test
  void three_worker_processes_sharing_a_redis_run_each_slot_exactly_once() throws Exception {
    try (RedisServer redis = RedisServer.start(workDir.resolve("redis"))) {
      ExampleProcess.Result result =
          ExampleProcess.run(workDir, Distributed.class, "3", redis.url());

      assertEachSlotRanOnce(result, "redis");
    }
  }

  private static void assertEachSlotRanOnce(ExampleProcess.Result result, String backend) {
    assertThat(result.exitCode()).as(result.output()).isZero();
    Map<String, List<String>> runsBySlot = new TreeMap<>();
    Matcher ran = RAN.matcher(result.output());
    while (ran.find()) {
      runsBySlot.computeIfAbsent(ran.group(2), slot -> new ArrayList<>()).add(ran.group(1));
    }
    assertThat(runsBySlot).as(result.output()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(runsBySlot.values()).allSatisfy(by -> assertThat(by).hasSize(1));
    assertThat(result.output())
        .contains(
            "instance-1 started, lock backend " + backend + "\n",
            "instance-2 started, lock backend " + backend + "\n",
            "instance-3 started, lock backend " + backend + "\n")
        .contains(
            "each of "
                + runsBySlot.size()
                + " slots ran exactly once across 3 instances ("
                + backend
                + " lock backend)\n");
    runsBySlot.forEach(
        (slot, by) -> assertThat(result.output()).contains("  " + slot + " -> " + by + "\n"));

    int won = 0;
    int claimers = 0;
    Matcher claims = CLAIMS.matcher(result.output());
    while (claims.find()) {
      won += Integer.parseInt(claims.group(2));
      claimers++;
    }
    assertThat(claimers).isEqualTo(3);
    assertThat(won).as("claims won = runs").isEqualTo(runsBySlot.size());
  }
}
