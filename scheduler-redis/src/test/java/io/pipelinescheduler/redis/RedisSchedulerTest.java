package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.Health;
import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.OverlapPolicy;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedulers on the real engine with the redis backend, while their Redis fails. */
class RedisSchedulerTest {
  @TempDir Path dataDir;
  private RedisServerProcess server;
  private final List<PipelineScheduler> schedulers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startRedis() throws Exception {
    server = RedisServerProcess.start(dataDir);
  }

  @AfterEach
  void stopAll() {
    schedulers.forEach(PipelineScheduler::close);
    server.kill();
  }

  private PipelineScheduler scheduler(SchedulerConfig.Builder config) {
    PipelineScheduler scheduler =
        PipelineScheduler.create(
            config
                .persistSchedules(false)
                .distributed(true)
                .shutdownGrace(Duration.ofSeconds(2))
                .build());
    schedulers.add(scheduler);
    return scheduler;
  }

  private PipelineScheduler instance(String id) {
    return scheduler(
        SchedulerConfig.builder().lockBackend("redis").redisUrl(server.url()).instanceId(id));
  }

  @Test
  void two_instances_run_each_slot_once_degrade_while_redis_is_down_and_recover_after()
      throws Exception {
    Map<Instant, List<String>> runs = new ConcurrentHashMap<>();
    for (String id : List.of("node-a", "node-b")) {
      PipelineScheduler scheduler = instance(id);
      scheduler.scheduleInterval(
          "tick",
          ctx ->
              runs.computeIfAbsent(ctx.scheduledTime(), s -> new CopyOnWriteArrayList<>()).add(id),
          Duration.ofMillis(200));
      scheduler.start();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() >= 5);

    server.kill();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> schedulers.stream().allMatch(s -> s.healthCheck().status() == Health.DEGRADED));
    Instant restarted = Instant.now();
    server.restart();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                schedulers.stream().allMatch(s -> s.healthCheck().status() == Health.UP)
                    && runs.keySet().stream().filter(restarted::isBefore).count() >= 5);
    schedulers.forEach(PipelineScheduler::stop);

    Map<Instant, List<String>> duplicates =
        runs.entrySet().stream()
            .filter(e -> e.getValue().size() > 1)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(duplicates).isEmpty();
  }

  @Test
  void every_per_second_slot_due_while_redis_is_down_runs_once_after_it_is_back() throws Exception {
    Map<Instant, List<String>> runs = new ConcurrentHashMap<>();
    Set<Instant> unclaimed = ConcurrentHashMap.newKeySet();
    for (String id : List.of("node-a", "node-b")) {
      PipelineScheduler scheduler = instance(id);
      scheduler.addListener(
          new SchedulerListener() {
            @Override
            public void onSlotSkipped(String name, Instant slot, SkipReason reason, String detail) {
              if (reason == SkipReason.BACKEND_UNAVAILABLE) {
                unclaimed.add(slot);
              }
            }
          });
      scheduler
          .schedule("tick")
          .every(Duration.ofSeconds(1))
          .overlap(OverlapPolicy.ALLOW)
          .run(
              ctx ->
                  runs.computeIfAbsent(ctx.scheduledTime(), s -> new CopyOnWriteArrayList<>())
                      .add(id));
      scheduler.start();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() >= 2);
    int before = runs.size();
    // Just after a slot started: its claim is done and the next one is most of a second away.
    await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() > before);

    server.kill();
    await().atMost(Duration.ofSeconds(60)).until(() -> unclaimed.size() >= 4);
    server.restart();
    Instant back = Instant.now();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                runs.keySet().containsAll(unclaimed)
                    && runs.keySet().stream().anyMatch(slot -> slot.isAfter(back.plusSeconds(1))));
    schedulers.forEach(PipelineScheduler::stop);

    Instant first = Collections.min(runs.keySet());
    Instant last = Collections.max(runs.keySet());
    List<Instant> everySlot =
        Stream.iterate(first, slot -> !slot.isAfter(last), slot -> slot.plusSeconds(1)).toList();
    assertThat(runs).containsOnlyKeys(everySlot);
    assertThat(runs.values()).allSatisfy(ranOn -> assertThat(ranOn).hasSize(1));
    Map<Instant, Long> recorded =
        schedulers.stream()
            .flatMap(s -> s.getHistory("tick", 1000).stream())
            .collect(Collectors.groupingBy(ExecutionRecord::scheduledTime, Collectors.counting()));
    assertThat(recorded)
        .containsOnlyKeys(everySlot)
        .allSatisfy((slot, count) -> assertThat(count).isOne());
  }

  @Test
  void a_run_whose_lease_is_lost_sees_is_cancelled_and_health_turns_degraded() throws Exception {
    RedisLockBackend backend =
        new RedisLockBackend(
            RedisLockBackend.configFromUrl(server.url()),
            Clock.systemUTC(),
            TestRedis.uniquePrefix("lease"),
            Duration.ofMillis(300));
    PipelineScheduler scheduler =
        scheduler(SchedulerConfig.builder().lockBackend(backend).instanceId("node-a"));
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean sawCancelled = new AtomicBoolean();
    // One slot, a second from now: no later claim can fail and turn health DEGRADED instead.
    scheduler
        .schedule("long-run")
        .every(Duration.ofHours(1))
        .startAt(Instant.now().plusSeconds(1))
        .run(
            ctx -> {
              running.countDown();
              sawCancelled.set(waitForCancel(ctx));
            });
    scheduler.start();
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

    server.kill();

    await().atMost(Duration.ofSeconds(20)).untilTrue(sawCancelled);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scheduler.healthCheck().status() == Health.DEGRADED);
  }

  private static boolean waitForCancel(JobContext ctx) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (ctx.isCancelled()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
