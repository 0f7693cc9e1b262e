package io.pipelinescheduler.benchmarks.jmh;

import io.pipelinescheduler.CronFlavor;
import io.pipelinescheduler.internal.time.Timing;
import io.pipelinescheduler.internal.time.Timings;
import java.time.Duration;
import java.time.Instant;
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

/**
 * The cost of computing a schedule's next fire instant, for the kinds of timing that cost the most:
 * cron (through cron-utils), daily in a zone with daylight saving, and interval. Each call starts
 * from another of 1,024 instants spread over a year, so DST days are among them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NextFireBenchmark {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private Timing cron;
  private Timing daily;
  private Timing interval;
  private final Instant[] from = new Instant[1024];
  private int next;

  /** Builds the timings through the internal factory the scheduler uses. */
  @Setup
  public void setUp() {
    cron = Timings.cron("bench-cron", "*/5 9-17 * * 1-5", CronFlavor.UNIX, ZoneOffset.UTC);
    daily = Timings.daily("bench-daily", 2, 30, NEW_YORK);
    interval = Timings.interval("bench-interval", Duration.ofMinutes(30));
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    long step = Duration.ofDays(365).getSeconds() / from.length;
    for (int i = 0; i < from.length; i++) {
      from[i] = start.plusSeconds(i * step + 7);
    }
  }

  private Instant nextFrom() {
    next = (next + 1) & (from.length - 1);
    return from[next];
  }

  /** Unix cron {@code *}{@code /5 9-17 * * 1-5} in UTC. */
  @Benchmark
  public Object cronNext() {
    return cron.nextAfter(nextFrom());
  }

  /** Daily at 02:30 in America/New_York (the spring-forward gap moves it to 03:30). */
  @Benchmark
  public Object dailyDstNext() {
    return daily.nextAfter(nextFrom());
  }

  /** Every 30 minutes from the epoch. */
  @Benchmark
  public Object intervalNext() {
    return interval.nextAfter(nextFrom());
  }
}
