package io.pipelinescheduler.benchmarks.jmh;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.CronFlavor;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of computing a schedule's next fire instant, for the kinds of timing that cost the most:
 * cron (through cron-utils), daily in a zone with daylight saving, and interval. Each call asks the
 * public {@link PipelineScheduler#nextRuns} for one slot from another of 1,024 instants spread over
 * a year (the scheduler's clock is moved there first), so DST days are among them; it includes the
 * lookup of the schedule by name.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NextFireBenchmark {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private final MovableClock clock = new MovableClock();
  private final Instant[] from = new Instant[1024];
  private PipelineScheduler scheduler;
  private int next;

  /** Registers the three schedules on a scheduler that is never started. */
  @Setup
  public void setUp() {
    scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .persistSchedules(false)
                .clock(clock)
                .meterRegistry(new SimpleMeterRegistry())
                .build());
    scheduler
        .schedule("bench-cron")
        .cron("*/5 9-17 * * 1-5", CronFlavor.UNIX)
        .timezone(ZoneOffset.UTC)
        .run(context -> {});
    scheduler
        .schedule("bench-daily")
        .daily(LocalTime.of(2, 30))
        .timezone(NEW_YORK)
        .run(context -> {});
    scheduler.schedule("bench-interval").every(Duration.ofMinutes(30)).run(context -> {});
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    long step = Duration.ofDays(365).getSeconds() / from.length;
    for (int i = 0; i < from.length; i++) {
      from[i] = start.plusSeconds(i * step + 7);
    }
  }

  @TearDown
  public void tearDown() {
    scheduler.close();
  }

  private void moveClock() {
    next = (next + 1) & (from.length - 1);
    clock.now = from[next];
  }

  /** Unix cron {@code *}{@code /5 9-17 * * 1-5} in UTC. */
  @Benchmark
  public Object cronNext() {
    moveClock();
    return scheduler.nextRuns("bench-cron", 1);
  }

  /** Daily at 02:30 in America/New_York (the spring-forward gap moves it to 03:30). */
  @Benchmark
  public Object dailyDstNext() {
    moveClock();
    return scheduler.nextRuns("bench-daily", 1);
  }

  /** Every 30 minutes. */
  @Benchmark
  public Object intervalNext() {
    moveClock();
    return scheduler.nextRuns("bench-interval", 1);
  }

  /** A clock the benchmark moves by hand (one thread). */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
