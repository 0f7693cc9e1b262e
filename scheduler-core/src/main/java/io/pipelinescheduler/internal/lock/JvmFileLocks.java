package io.pipelinescheduler.internal.lock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this JVM does with claim files, shared by every {@link FileLockBackend} in it.
 *
 * <p>OS file locks belong to the process, not to a channel: a second lock attempt from the same JVM
 * throws {@link java.nio.channels.OverlappingFileLockException}, and on POSIX systems closing
 * <em>any</em> channel on a file drops every lock the process holds on it. So within the JVM, all
 * work on one claim file is serialized by a striped monitor, and a file this JVM holds is never
 * opened a second time: {@link #isHeld} answers first.
 */
final class JvmFileLocks {
  private static final Object[] STRIPES = new Object[256];
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
  private static final Map<Path, List<FileChannel>> PARKED = new ConcurrentHashMap<>();

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new Object();
    }
  }

  private JvmFileLocks() {}

  /** Work on one claim file that may throw {@link IOException}. */
  @FunctionalInterface
  interface FileWork<T> {
    T run() throws IOException;
  }

  /** Runs {@code work} while no other thread of this JVM works on {@code path}. */
  static <T> T withPath(Path path, FileWork<T> work) throws IOException {
    synchronized (STRIPES[Math.floorMod(path.hashCode(), STRIPES.length)]) {
      return work.run();
    }
  }

  /** True while some backend of this JVM holds the claim file; call within {@link #withPath}. */
  static boolean isHeld(Path path) {
    return HELD.contains(path);
  }

  /** Records that this JVM now holds the OS lock on the file; call within {@link #withPath}. */
  static void markHeld(Path path) {
    HELD.add(path);
  }

  /**
   * Records that this JVM released the file, after its channel was closed, and closes channels that
   * were parked because closing them earlier would have dropped that lock.
   */
  static void markReleased(Path path) {
    HELD.remove(path);
    List<FileChannel> parked = PARKED.remove(path);
    if (parked != null) {
      for (FileChannel channel : parked) {
        ClaimFile.closeQuietly(channel);
      }
    }
  }

  /**
   * Keeps a channel open that found the file already locked by other code in this JVM: closing it
   * now would drop that lock at the OS level.
   */
  static void park(Path path, FileChannel channel) {
    PARKED.computeIfAbsent(path, p -> new ArrayList<>()).add(channel);
  }
}
