package io.pipelinescheduler.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time this process's JIT compiler threads ({@code C1 CompilerThread…}, {@code C2
 * CompilerThread…}) have used, from Linux's {@code /proc/self/task/<tid>/stat}: the share of a
 * process's CPU time that is the JVM compiling rather than the scheduler working. 0 where there is
 * no {@code /proc}. Threads that ended (the JVM stops idle compiler threads) are not counted, so a
 * difference of two readings can only fall short.
 */
final class CompilerCpu {
  /** Clock ticks per second of {@code utime}/{@code stime} ({@code USER_HZ}: 100 on Linux). */
  private static final long TICKS_PER_SECOND = 100;

  private CompilerCpu() {}

  /** The compiler threads' CPU time so far, in ns. */
  static long nanos() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return 0;
    }
    long ticks = 0;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        ticks += compilerTicks(thread.resolve("stat"));
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /** utime + stime of one thread when it is a compiler thread, else 0 (also when it ended). */
  private static long compilerTicks(Path stat) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException e) {
      return 0; // the thread ended
    }
    // pid (comm) state ppid … : comm may hold spaces, so fields are counted after its ')'.
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    String name = line.substring(open + 1, close);
    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
      return 0;
    }
    String[] fields = line.substring(close + 2).split(" ");
    // fields[0] is state (field 3 of stat); utime and stime are fields 14 and 15.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
