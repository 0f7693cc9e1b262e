package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * The pipelined claims a cluster uses (one script run per key), against a real Redis server: one
 * reply per key in order, across parts of the pipeline, and again after Redis forgot the script.
 */
class ScriptPipelineTest {
  private static final String UNTIL = "4102444800000"; // 2100-01-01
  private static final String TTL = "600000";

  @TempDir Path dataDir;
  private RedisServerProcess server;
  private RedissonClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.shutdown();
    }
    if (server != null) {
      server.kill();
    }
  }

  private ScriptPipeline started() throws Exception {
    server = RedisServerProcess.start(dataDir);
    client = Redisson.create(RedisLockBackend.configFromUrl(server.url()));
    return new ScriptPipeline(client, ClaimScripts.CLAIM);
  }

  private static List<Long> claim(ScriptPipeline pipeline, List<String> keys, String owner) {
    List<Object[]> args = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      args.add(new Object[] {owner, "0", UNTIL, TTL});
    }
    return pipeline.evalAll(keys, args);
  }

  private static List<String> keys(String prefix, int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(prefix + i);
    }
    return keys;
  }

  @Test
  void each_key_gets_its_own_reply_in_order_across_parts_of_the_pipeline() throws Exception {
    ScriptPipeline pipeline = started();
    int count = ScriptPipeline.MAX_PER_PIPELINE + 200;
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < count; i += 3) {
      taken.add("k" + i);
    }
    claim(pipeline, taken, "other");

    List<Long> replies = claim(pipeline, keys("k", count), "me");

    assertThat(replies).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(replies.get(i)).as("key k%d", i).isEqualTo(i % 3 == 0 ? 0L : 1L);
    }
  }

  @Test
  void a_pipeline_reloads_the_script_after_redis_forgot_it() throws Exception {
    ScriptPipeline pipeline = started();
    pipeline.load();
    try (AdminClient admin = new AdminClient(server.url())) {
      admin.flushScripts();
    }

    List<Long> replies = claim(pipeline, keys("fresh", 5), "me");

    assertThat(replies).containsOnly(1L).hasSize(5);
  }

  @Test
  void a_finish_pipeline_finishes_only_the_owners_running_claims() throws Exception {
    ScriptPipeline claims = started();
    ScriptPipeline finishes = new ScriptPipeline(client, ClaimScripts.FINISH);
    claim(claims, keys("mine", 3), "me");
    claim(claims, keys("theirs", 1), "other");
    List<String> keys = new ArrayList<>(keys("mine", 3));
    keys.add("theirs0");
    List<Object[]> args = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      args.add(new Object[] {"me", "0", TTL});
    }

    List<Long> finished = finishes.evalAll(keys, args);
    List<Long> reclaimed = claim(claims, keys, "late");

    assertThat(finished).containsExactly(1L, 1L, 1L, 0L);
    // Tombstones whose end ("0") has passed free their slots; the other owner's claim still runs.
    assertThat(reclaimed).containsExactly(1L, 1L, 1L, 0L);
  }
}
