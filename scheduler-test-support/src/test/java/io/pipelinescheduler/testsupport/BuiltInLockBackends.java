package io.pipelinescheduler.testsupport;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.LockBackendProvider;
import io.pipelinescheduler.SchedulerConfig;
import java.util.ServiceLoader;

/** Opens a built-in lock backend the way a scheduler does: its provider, found by name. */
final class BuiltInLockBackends {
  private BuiltInLockBackends() {}

  static LockBackend open(String name, SchedulerConfig config) {
    return ServiceLoader.load(LockBackendProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no lock backend provider '" + name + "'"))
        .create(config);
  }
}
