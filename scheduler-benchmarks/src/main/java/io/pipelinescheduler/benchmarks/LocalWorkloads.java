package io.pipelinescheduler.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The workloads that run in this JVM: burst (W1, W6), precision (W2, W6) and steady (W3). Runs are
 * interleaved (run 1 of every contender, then run 2, …) so that changes in the machine's load fall
 * on every contender alike.
 */
final class LocalWorkloads {
  private final Bench bench;
  private final Sizes sizes;
  private final java.util.Set<Contender> warm = java.util.EnumSet.noneOf(Contender.class);

  private final java.util.Set<Contender> only;

  /**
   * @param only the contenders to run (null: all)
   */
  LocalWorkloads(Bench bench, java.util.Set<Contender> only) {
    this.only = only;
    this.bench = bench;
    this.sizes = bench.sizes;
  }

  // ---- burst ----

  /** n one-shot runs all due now, registered before start; runs/s from start() to the last. */
  void burst(String workload, List<Contender> contenders) {
    for (Contender contender : chosen(contenders)) {
      // In memory a burst takes well under a second and the JIT is still compiling its paths after
      // one small round: warm up with full bursts until the figures settle. Persistent contenders
      // (Quartz JDBC at about a hundred runs a second) get one small round.
      boolean inMemory = !contender.persistent;
      int rounds = inMemory ? sizes.memoryWarmupRounds() : 1;
      int size = inMemory ? sizes.burst() : sizes.burstWarmup();
      Bench.log("%s warm-up %s (%d × %d runs)", workload, contender.label, rounds, size);
      for (int round = 0; round < rounds; round++) {
        burstOnce(workload, contender, size, false);
      }
      warm.add(contender);
    }
    for (int run = 1; run <= sizes.runs(); run++) {
      for (Contender contender : chosen(contenders)) {
        burstOnce(workload, contender, sizes.burst(), true);
      }
    }
  }

  private void burstOnce(String workload, Contender contender, int size, boolean measured) {
    int n = measured && contender == Contender.QUARTZ_JDBC ? sizes.burstQuartzJdbc() : size;
    if (n != size) {
      bench.results.note(
          workload,
          String.format(
              java.util.Locale.ROOT,
              "%s: a burst of %,d runs instead of %,d, to keep the whole run near 20 minutes (at"
                  + " about a hundred runs a second, %,d take nearly two minutes a run); its rate"
                  + " changes little with the size, as every trigger costs its own transactions.",
              contender.label,
              n,
              size,
              size));
    }
    OnceRecorder recorder = new OnceRecorder(n);
    try (Bench.Env env = bench.env(contender)) {
      Subject subject = env.subject(recorder, "bench-1");
      long registered;
      double seconds;
      boolean complete;
      try {
        Instant due = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < n; i++) {
          recorder.due(i, due);
        }
        long t = System.nanoTime();
        subject.scheduleOnce(n, i -> due);
        registered = System.nanoTime() - t;
        // The garbage of the set-up (every contender's registrations) is collected here, so that
        // a collection it causes does not land inside a burst of a few tens of milliseconds.
        System.gc();
        long t0 = System.nanoTime();
        subject.start();
        complete = recorder.awaitAll(Duration.ofMinutes(5));
        long end = complete ? recorder.lastFirstStartNanos() : System.nanoTime();
        seconds = (end - t0) / 1e9;
        // Time for a second run of any job to show up.
        Bench.sleep(500);
        if (measured) {
          bench.results.settings(workload, contender.label, subject.settings());
        }
      } finally {
        subject.close();
      }
      if (!measured) {
        return;
      }
      long history = subject.historyRows();
      String label = contender.label;
      bench.results.add(workload, label, "runs/s", recorder.distinct() / seconds);
      bench.results.add(workload, label, "drain s", seconds);
      bench.results.add(workload, label, "registration s", registered / 1e9);
      bench.results.add(workload, label, "missing", n - recorder.distinct());
      bench.results.add(workload, label, "duplicates", recorder.duplicates());
      if (history >= 0) {
        bench.results.add(workload, label, "history rows", history);
      }
      Bench.log(
          "%s %s: %.0f runs/s (%d of %d ran in %.2f s; %d duplicates; history %d; registration"
              + " %.1f s)",
          workload,
          label,
          recorder.distinct() / seconds,
          recorder.distinct(),
          n,
          seconds,
          recorder.duplicates(),
          history,
          registered / 1e9);
      if (!complete) {
        bench.results.note(workload, label + ": not every run happened within 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- precision ----

  /** n runs due evenly across the window, registered before start; lateness of each. */
  void precision(String workload, List<Contender> contenders) {
    for (Contender contender : chosen(contenders)) {
      if (warm.contains(contender)) {
        continue;
      }
      Bench.log("%s warm-up %s", workload, contender.label);
      precisionOnce(workload, contender, false);
    }
    for (int run = 1; run <= sizes.runs(); run++) {
      for (Contender contender : chosen(contenders)) {
        precisionOnce(workload, contender, true);
      }
    }
  }

  private void precisionOnce(String workload, Contender contender, boolean measured) {
    int n = sizes.precision();
    long stepMicros = sizes.precisionWindowMillis() * 1000L / n;
    OnceRecorder recorder = new OnceRecorder(n);
    try (Bench.Env env = bench.env(contender)) {
      Subject subject = env.subject(recorder, "bench-1");
      boolean complete;
      boolean lateStart;
      try {
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(3);
        for (int i = 0; i < n; i++) {
          recorder.due(i, base.plusNanos(i * stepMicros * 1000));
        }
        subject.scheduleOnce(n, i -> base.plusNanos(i * stepMicros * 1000));
        subject.start();
        lateStart = Instant.now().isAfter(base);
        complete =
            recorder.awaitAll(Duration.ofMillis(sizes.precisionWindowMillis()).plusSeconds(60));
        if (measured) {
          bench.results.settings(workload, contender.label, subject.settings());
        }
      } finally {
        subject.close();
      }
      if (!measured) {
        return;
      }
      long[] lateness = recorder.latenessMicros();
      String label = contender.label;
      bench.results.latencies(workload, label, lateness);
      bench.results.add(workload, label, "missing", n - recorder.distinct());
      bench.results.add(workload, label, "duplicates", recorder.duplicates());
      Bench.log(
          "%s %s: lateness %s (%d of %d)",
          workload, label, Stats.latencies(lateness), recorder.distinct(), n);
      if (lateStart) {
        bench.results.note(
            workload, label + ": start() returned after the first run was due (in some run)");
      }
      if (!complete) {
        bench.results.note(workload, label + ": not every run happened in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- steady ----

  /** n schedules every second; the runs of the slots in a window of whole seconds after warm-up. */
  void steady(String workload, List<Contender> contenders) {
    for (int run = 1; run <= sizes.runs(); run++) {
      for (Contender contender : chosen(contenders)) {
        steadyOnce(workload, contender);
      }
    }
  }

  private void steadyOnce(String workload, Contender contender) {
    int n = sizes.steadySchedules();
    SteadyRecorder recorder = new SteadyRecorder();
    try (Bench.Env env = bench.env(contender)) {
      Subject subject = env.subject(recorder, "bench-1");
      Instant from;
      Instant to;
      try {
        subject.scheduleEverySecond(n);
        subject.start();
        from = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
        to = from.plusSeconds(sizes.steadySeconds());
        // Slots inside the window count when they start up to 2 s after it ends.
        long wait = Duration.between(Instant.now(), to.plusSeconds(2)).toMillis();
        Bench.sleep(Math.max(0, wait));
        bench.results.settings(workload, contender.label, subject.settings());
      } finally {
        subject.close();
      }
      SteadyRecorder.Window window = recorder.window(from, to);
      double rate = window.runs() / (double) sizes.steadySeconds();
      String label = contender.label;
      long[] lateness = window.latenessMicros();
      bench.results.add(workload, label, "runs/s", rate);
      bench.results.add(workload, label, "% of ideal", 100.0 * rate / n);
      bench.results.add(workload, label, "p50 ms", Stats.percentile(lateness, 50) / 1000);
      bench.results.add(workload, label, "p99 ms", Stats.percentile(lateness, 99) / 1000);
      bench.results.add(workload, label, "max ms", Stats.max(lateness) / 1000);
      bench.results.add(workload, label, "duplicates", window.duplicates());
      Bench.log(
          "%s %s: %.1f runs/s of %d (%.1f%%), lateness p50 %s ms, p99 %s ms, %d duplicates",
          workload,
          label,
          rate,
          n,
          100.0 * rate / n,
          Stats.ms(Stats.percentile(lateness, 50)),
          Stats.ms(Stats.percentile(lateness, 99)),
          window.duplicates());
    }
  }

  private List<Contender> chosen(List<Contender> contenders) {
    return only == null ? contenders : contenders.stream().filter(only::contains).toList();
  }
}
