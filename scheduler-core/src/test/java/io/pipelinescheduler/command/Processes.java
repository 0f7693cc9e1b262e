package io.pipelinescheduler.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Looks at processes by pid, independently of the code under test. */
final class Processes {
  private Processes() {}

  /**
   * Whether {@code pid} still runs. A killed orphan stays a zombie until init collects it, and
   * ProcessHandle calls a zombie alive, so on Linux its state in /proc is checked too: a zombie
   * runs nothing and holds no pipe.
   */
  static boolean alive(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return !Files.isDirectory(Path.of("/proc/self"));
    }
  }

  /** Reads a pid a script wrote into {@code file}. */
  static long readPid(Path file) throws IOException {
    return Long.parseLong(Files.readString(file).strip());
  }
}
