package io.pipelinescheduler.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The cold workload's child JVM: one measure of one contender, the first thing this JVM does (no
 * warm-up, no forced GC), printed as {@code key=value} lines. Arguments: {@code MODE CONTENDER
 * THREADS N WINDOW_MS TARGET}, where TARGET is the contender's PostgreSQL schema URL (its tables
 * already created for the peers), its SQLite file, or {@code -}. Modes:
 *
 * <ul>
 *   <li>{@code burst}: N one-shots due at once, registered before {@code start()}; {@code
 *       runs_per_s} = N / (time from {@code start()} to the first start of the last job), as W1 and
 *       W6 compute it; {@code missing}, {@code duplicates} (counted 500 ms after the last);
 *   <li>{@code first}: one one-shot due at once, registered before {@code start()}; {@code
 *       first_run_ms} from the call of {@code start()} to the job's first line;
 *   <li>{@code precision}: {@value #WARMUP} one-shots due at once as the warm-up, and N due evenly
 *       across WINDOW_MS from 3 s after registration (W2's shape), all registered before {@code
 *       start()} on the same scheduler; the lateness of the N ({@code p50_ms}, {@code p99_ms},
 *       {@code max_ms}), {@code missing}, {@code duplicates}.
 * </ul>
 *
 * <p>The contender's settings follow as {@code setting.NAME=VALUE} lines.
 */
public final class ColdMain {
  /** The warm-up runs before the precision measure. */
  static final int WARMUP = 50;

  private ColdMain() {}

  /** See the class comment. */
  public static void main(String[] args) {
    try {
      String mode = args[0];
      Contender contender = Contender.valueOf(args[1]);
      int threads = Integer.parseInt(args[2]);
      int n = Integer.parseInt(args[3]);
      int windowMillis = Integer.parseInt(args[4]);
      String target = args[5];
      switch (mode) {
        case "burst" -> burst(contender, threads, n, target);
        case "first" -> first(contender, threads, target);
        case "precision" -> precision(contender, threads, n, windowMillis, target);
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      }
      System.out.flush();
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void burst(Contender contender, int threads, int n, String target)
      throws InterruptedException {
    OnceRecorder recorder = new OnceRecorder(n);
    Subject subject = subject(contender, threads, target, recorder);
    try {
      Instant due = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      for (int i = 0; i < n; i++) {
        recorder.due(i, due);
      }
      subject.scheduleOnce(n, i -> due);
      long t0 = System.nanoTime();
      subject.start();
      boolean complete = recorder.awaitAll(Duration.ofMinutes(5));
      long end = complete ? recorder.lastFirstStartNanos() : System.nanoTime();
      double seconds = (end - t0) / 1e9;
      Bench.sleep(500); // time for a second run of any job to show up
      print("runs_per_s", recorder.distinct() / seconds);
      print("drain_s", seconds);
      print("missing", n - recorder.distinct());
      print("duplicates", recorder.duplicates());
      settings(subject.settings());
    } finally {
      subject.close();
    }
  }

  private static void first(Contender contender, int threads, String target)
      throws InterruptedException {
    OnceRecorder recorder = new OnceRecorder(1);
    Subject subject = subject(contender, threads, target, recorder);
    try {
      Instant due = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      recorder.due(0, due);
      subject.scheduleOnce(1, i -> due);
      long t0 = System.nanoTime();
      subject.start();
      if (!recorder.awaitAll(Duration.ofMinutes(1))) {
        throw new IllegalStateException(contender + ": the one-shot did not run within a minute");
      }
      print("first_run_ms", (recorder.lastFirstStartNanos() - t0) / 1e6);
      settings(subject.settings());
    } finally {
      subject.close();
    }
  }

  private static void precision(
      Contender contender, int threads, int n, int windowMillis, String target)
      throws InterruptedException {
    OnceRecorder warmup = new OnceRecorder(WARMUP);
    OnceRecorder measured = new OnceRecorder(n);
    RunSink sink =
        (id, slot) -> {
          if (id < WARMUP) {
            warmup.ran(id, slot);
          } else {
            measured.ran(id - WARMUP, slot);
          }
        };
    long stepMicros = windowMillis * 1000L / n;
    Subject subject = subject(contender, threads, target, sink);
    try {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      Instant base = now.plusSeconds(3);
      for (int i = 0; i < n; i++) {
        measured.due(i, base.plusNanos(i * stepMicros * 1000));
      }
      subject.scheduleOnce(
          WARMUP + n, i -> i < WARMUP ? now : base.plusNanos((i - WARMUP) * stepMicros * 1000));
      subject.start();
      boolean lateStart = Instant.now().isAfter(base);
      boolean complete = measured.awaitAll(Duration.ofMillis(windowMillis).plusSeconds(60));
      long[] lateness = measured.latenessMicros();
      print("p50_ms", Stats.percentile(lateness, 50) / 1000);
      print("p99_ms", Stats.percentile(lateness, 99) / 1000);
      print("max_ms", Stats.max(lateness) / 1000);
      print("missing", n - measured.distinct());
      print("duplicates", measured.duplicates() + warmup.duplicates());
      print("warmup_ran", warmup.distinct());
      print("late_start", lateStart ? 1 : 0);
      print("complete", complete ? 1 : 0);
      settings(subject.settings());
    } finally {
      subject.close();
    }
  }

  /** The contender as W1, W2 and W6 build it, with {@code threads} workers. */
  private static Subject subject(Contender contender, int threads, String target, RunSink sink) {
    return switch (contender) {
      case OURS_MEMORY -> OursSubject.memory(threads, sink);
      case OURS_SQLITE -> OursSubject.sqlite(threads, Path.of(target), sink);
      case OURS_POSTGRES -> OursSubject.postgres(threads, target, sink);
      case QUARTZ_RAM -> QuartzSubject.ram(threads, sink);
      case QUARTZ_JDBC -> QuartzSubject.jdbc(threads, target, "bench-1", sink);
      case DBS_FETCH, DBS_LOCK_AND_FETCH ->
          new DbSchedulerSubject(contender, threads, target, "bench-1", sink);
      case JDK_EXECUTOR -> new JdkSubject(threads, sink);
      default -> throw new IllegalArgumentException(contender + " is not measured cold");
    };
  }

  private static void print(String key, double value) {
    System.out.println(key + "=" + value);
  }

  private static void settings(Map<String, String> settings) {
    settings.forEach((k, v) -> System.out.println("setting." + k + "=" + v.replace('\n', ' ')));
  }
}
