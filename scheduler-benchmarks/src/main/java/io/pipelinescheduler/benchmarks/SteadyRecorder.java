package io.pipelinescheduler.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Keeps every run of recurring jobs (id, slot, start) for analysis afterwards. Thread-safe. */
final class SteadyRecorder implements RunSink {
  /** One run: which job, the slot it was for and when it started (epoch microseconds). */
  record Hit(int id, long slotMicros, long startMicros) {}

  /** What happened in a window of slots. */
  record Window(int runs, int duplicates, long[] latenessMicros) {}

  private final ConcurrentLinkedQueue<Hit> hits = new ConcurrentLinkedQueue<>();

  @Override
  public void ran(int id, Instant slot) {
    hits.add(new Hit(id, Micros.of(slot), Micros.now()));
  }

  /** The runs whose slot is in [from, to): distinct (id, slot) pairs, duplicates, lateness. */
  Window window(Instant from, Instant to) {
    long fromMicros = Micros.of(from);
    long toMicros = Micros.of(to);
    Set<Long> seen = new HashSet<>();
    List<Long> lateness = new ArrayList<>();
    int duplicates = 0;
    for (Hit hit : hits) {
      if (hit.slotMicros() < fromMicros || hit.slotMicros() >= toMicros) {
        continue;
      }
      long key = hit.slotMicros() * 100_003L + hit.id();
      if (seen.add(key)) {
        lateness.add(hit.startMicros() - hit.slotMicros());
      } else {
        duplicates++;
      }
    }
    long[] sorted = lateness.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Window(seen.size(), duplicates, sorted);
  }
}
