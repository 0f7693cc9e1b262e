package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.LockBackendProvider;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

/** Chooses and opens the lock backend a configuration asks for. */
public final class LockBackends {
  private LockBackends() {}

  /**
   * The lock backend for {@code config}: {@link SchedulerConfig#lockBackend()} when an instance is
   * set; {@code local} when {@link SchedulerConfig#distributed()} is off; else the provider named
   * {@link SchedulerConfig#lockBackendName()} (case-insensitive), found with {@link ServiceLoader}
   * on the thread's context class loader and on this library's.
   *
   * @throws SchedulerException when no provider has that name (the message lists the names found
   *     and, for {@code redis} and {@code database}, the artifact to add), or when the provider
   *     cannot open it
   */
  public static LockBackend open(SchedulerConfig config) {
    return open(config, null);
  }

  /**
   * {@link #open(SchedulerConfig)} beside the scheduler's store, which the provider gets through
   * {@link LockBackendProvider#create(SchedulerConfig, ScheduleStore)}.
   *
   * @param store the scheduler's open store, or null when there is none (the provider is then asked
   *     with {@link LockBackendProvider#create(SchedulerConfig)})
   * @throws SchedulerException as {@link #open(SchedulerConfig)}
   */
  public static LockBackend open(SchedulerConfig config, ScheduleStore store) {
    if (config.lockBackend() != null) {
      return config.lockBackend();
    }
    if (!config.distributed()) {
      return new LocalLockBackend(config.clock());
    }
    String wanted = config.lockBackendName();
    SortedMap<String, LockBackendProvider> providers = providers();
    LockBackendProvider provider =
        wanted == null ? null : providers.get(wanted.trim().toLowerCase(Locale.ROOT));
    if (provider == null) {
      String hint = hint(wanted == null ? "" : wanted.trim());
      throw new SchedulerException(
          "lock backend '" + wanted + "' not found; available: " + providers.keySet() + hint);
    }
    return store == null ? provider.create(config) : provider.create(config, store);
  }

  /** Which artifact brings a built-in backend that is not on the class path. */
  private static String hint(String wanted) {
    if ("redis".equalsIgnoreCase(wanted)) {
      return "; add the scheduler-redis artifact for 'redis'";
    }
    if ("database".equalsIgnoreCase(wanted)) {
      return "; add the scheduler-persistence artifact for 'database'";
    }
    return "";
  }

  /** Every provider found, by lower-case name; the first found wins a duplicate name. */
  public static SortedMap<String, LockBackendProvider> providers() {
    SortedMap<String, LockBackendProvider> found = new TreeMap<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader own = LockBackends.class.getClassLoader();
    try {
      if (context != null && context != own) {
        load(context, found);
      }
      load(own, found); // the built-in backends, even when the context loader cannot see them
    } catch (ServiceConfigurationError e) {
      throw new SchedulerException("lock backend providers cannot be loaded: " + e.getMessage(), e);
    }
    return found;
  }

  private static void load(ClassLoader loader, SortedMap<String, LockBackendProvider> found) {
    for (LockBackendProvider provider : ServiceLoader.load(LockBackendProvider.class, loader)) {
      found.putIfAbsent(provider.name().toLowerCase(Locale.ROOT), provider);
    }
  }
}
