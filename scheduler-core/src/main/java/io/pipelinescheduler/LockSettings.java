package io.pipelinescheduler;

import static io.pipelinescheduler.internal.config.Checks.notBlank;
import static io.pipelinescheduler.internal.config.Checks.notEmpty;
import static io.pipelinescheduler.internal.config.Checks.notNull;
import static io.pipelinescheduler.internal.config.Checks.quote;
import static io.pipelinescheduler.internal.config.Checks.rejected;

import io.pipelinescheduler.spi.Secrets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How instances agree on each slot: whether the scheduler is distributed and which lock backend it
 * uses, the part of a {@link SchedulerConfig} read when the lock backend is chosen ({@link
 * SchedulerConfig#locks()}). Set through {@link SchedulerConfig.Builder}; each setter there checks
 * its value at once, and {@link SchedulerConfig.Builder#build()} rejects a lock backend instance
 * when {@code distributed} is off. Immutable and thread-safe; {@link #toString()} masks passwords
 * inside the Redis URL.
 */
public final class LockSettings {
  private final boolean distributed;
  private final String lockBackendName;
  private final LockBackend lockBackend;
  private final Path lockDirectory;
  private final String redisUrl;

  private LockSettings(Builder b) {
    distributed = b.distributed;
    lockBackendName = b.lockBackendName;
    lockBackend = b.lockBackend;
    lockDirectory = b.lockDirectory;
    redisUrl = b.redisUrl;
  }

  /**
   * Whether several instances share the schedules and agree on each slot through the lock backend;
   * when off, an in-memory {@code local} lock is used. Default {@code false}; {@code
   * SCHEDULER_DISTRIBUTED}.
   */
  public boolean distributed() {
    return distributed;
  }

  /**
   * The lock backend's name ({@code file}, {@code redis}, …), lower case when set by name, else
   * {@link LockBackend#name()} of the given instance. Default {@code file}; {@code
   * SCHEDULER_LOCK_BACKEND}.
   */
  public String lockBackendName() {
    return lockBackendName;
  }

  /**
   * The lock backend instance given to {@link SchedulerConfig.Builder#lockBackend(LockBackend)}, or
   * {@code null} when the backend is to be found by {@link #lockBackendName()} through {@link
   * LockBackendProvider}. Default {@code null}; no environment variable.
   */
  public LockBackend lockBackend() {
    return lockBackend;
  }

  /**
   * The directory of the {@code file} lock backend. Default {@code ./.pipeline-scheduler-locks};
   * {@code SCHEDULER_LOCK_DIR}.
   */
  public Path lockDirectory() {
    return lockDirectory;
  }

  /**
   * The URL of the {@code redis} lock backend. Default {@code redis://localhost:6379}; {@code
   * SCHEDULER_REDIS_URL}.
   */
  public String redisUrl() {
    return redisUrl;
  }

  /** The settings on one line, passwords in the Redis URL masked. */
  @Override
  public String toString() {
    return "LockSettings{" + fields() + "}";
  }

  /** The settings as {@code name=value} pairs joined by commas, for the log line. */
  String fields() {
    return "distributed="
        + distributed
        + ", lockBackend="
        + lockBackendName
        + (lockBackend == null ? "" : " (" + lockBackend.getClass().getName() + ")")
        + ", lockDirectory="
        + lockDirectory
        + ", redisUrl="
        + Secrets.maskUrl(redisUrl);
  }

  /** Collects and checks the lock settings for {@link SchedulerConfig.Builder}. */
  static final class Builder {
    private boolean distributed = SchedulerConfig.DEFAULT_DISTRIBUTED;
    private String lockBackendName = SchedulerConfig.DEFAULT_LOCK_BACKEND;
    private LockBackend lockBackend;
    private Path lockDirectory = SchedulerConfig.DEFAULT_LOCK_DIRECTORY;
    private String redisUrl = SchedulerConfig.DEFAULT_REDIS_URL;

    Builder() {}

    Builder(LockSettings s) {
      distributed = s.distributed;
      lockBackendName = s.lockBackendName;
      lockBackend = s.lockBackend;
      lockDirectory = s.lockDirectory;
      redisUrl = s.redisUrl;
    }

    void distributed(boolean v) {
      distributed = v;
    }

    void lockBackend(String v) {
      lockBackendName = notBlank("lockBackend", v).strip().toLowerCase(Locale.ROOT);
      lockBackend = null;
    }

    void lockBackend(LockBackend v) {
      notNull("lockBackend", v);
      String name = v.name();
      if (name == null || name.isBlank()) {
        throw rejected("lockBackend.name() must not be blank", name == null ? "null" : quote(name));
      }
      lockBackend = v;
      lockBackendName = name;
    }

    void lockDirectory(Path v) {
      lockDirectory = notEmpty("lockDirectory", v);
    }

    void redisUrl(String v) {
      notNull("redisUrl", v);
      if (!v.regionMatches(true, 0, "redis://", 0, 8)
          && !v.regionMatches(true, 0, "rediss://", 0, 9)) {
        throw rejected(
            "redisUrl must start with redis:// or rediss://, e.g. redis://localhost:6379",
            quote(Secrets.maskUrl(v)));
      }
      redisUrl = v;
    }

    /**
     * @throws SchedulerException when a lock backend instance is given but {@code distributed} is
     *     off, so it would never be used
     */
    LockSettings build() {
      if (lockBackend != null && !distributed) {
        throw new SchedulerException(
            "lockBackend was given an instance ('"
                + lockBackendName
                + "') but distributed is false, so it would never be used;"
                + " call distributed(true) or drop the lockBackend");
      }
      return new LockSettings(this);
    }
  }
}
