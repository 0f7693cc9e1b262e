package io.pipelinescheduler.redis;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.LockBackendProvider;
import io.pipelinescheduler.SchedulerConfig;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

/** The lock backend providers {@link ServiceLoader} finds, as the scheduler looks them up. */
final class LockBackendProviders {
  private LockBackendProviders() {}

  /** Every provider found, by lower-case name. */
  static SortedMap<String, LockBackendProvider> providers() {
    SortedMap<String, LockBackendProvider> found = new TreeMap<>();
    for (LockBackendProvider provider : ServiceLoader.load(LockBackendProvider.class)) {
      found.putIfAbsent(provider.name().toLowerCase(Locale.ROOT), provider);
    }
    return found;
  }

  /** Opens the backend the configuration names with the provider of that name. */
  static LockBackend open(SchedulerConfig config) {
    return providers().get(config.lockBackendName().toLowerCase(Locale.ROOT)).create(config);
  }
}
