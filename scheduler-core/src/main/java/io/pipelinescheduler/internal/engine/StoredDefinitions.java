package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.internal.config.Names;
import io.pipelinescheduler.spi.StoredJson;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-defined schedules kept in the store, followed into the {@link ScheduleRegistry}: restored at
 * start, and picked up when created, changed, switched or removed there by another instance, an
 * import or an operator. A stored definition that cannot be restored is kept aside with the reason
 * (and logged once per reason).
 */
final class StoredDefinitions {
  private static final Logger log = LoggerFactory.getLogger(StoredDefinitions.class);

  private final ScheduleRegistry registry;
  private final ScheduleStore store;
  private final Map<String, String> invalid = new ConcurrentHashMap<>();
  private volatile BiFunction<String, Map<String, Object>, ScheduleDefinition> restorer;

  StoredDefinitions(ScheduleRegistry registry, ScheduleStore store) {
    this.registry = registry;
    this.store = store;
  }

  void setRestorer(BiFunction<String, Map<String, Object>, ScheduleDefinition> replay) {
    this.restorer = replay;
  }

  /** Registers every stored data-defined schedule that is not registered yet. */
  void restoreAll() {
    for (StoredSchedule stored : store.findDefinedSchedules()) {
      if (stored.definition() != null && registry.current(stored.name()).isEmpty()) {
        restore(stored.name(), stored.definition());
      }
    }
  }

  /** Stored schedules that could not be restored, with the reason. */
  Map<String, String> invalid() {
    return Map.copyOf(invalid);
  }

  /**
   * Picks up changes made in the store by others: data-defined schedules created, changed or
   * removed by another instance or an import, an operator's new spec for one, and any schedule
   * switched on or off in the table. Reads every schedule: the periodic safety net.
   */
  void refresh() {
    Set<String> stored = new HashSet<>();
    for (StoredSchedule row : store.findSchedules()) {
      stored.add(row.name());
      follow(row);
    }
    for (ScheduleRuntime runtime : List.copyOf(registry.runtimes())) {
      if (runtime.definition().data() != null && !stored.contains(runtime.name())) {
        registry.removeLocally(runtime);
      }
    }
  }

  /** As {@link #refresh()}, for the schedules a change feed named: reads only those. */
  void refresh(Set<String> names) {
    Map<String, StoredSchedule> rows = new HashMap<>();
    store.findSchedules(names).forEach(row -> rows.put(row.name(), row));
    for (String name : names) {
      StoredSchedule row = rows.get(name);
      if (row != null) {
        follow(row);
      } else {
        registry
            .current(name)
            .filter(runtime -> runtime.definition().data() != null)
            .ifPresent(registry::removeLocally);
      }
    }
  }

  private void follow(StoredSchedule row) {
    ScheduleRuntime runtime = registry.current(row.name()).orElse(null);
    if (row.definition() != null) {
      Map<String, Object> wanted = StoredSpecEdits.apply(row, runtime);
      if (runtime == null || !StoredJson.sameDefinition(runtime.definition().data(), wanted)) {
        if (wanted == row.definition()) {
          adopt(row, wanted);
        } else {
          // An operator's new spec: registered and written back, so the JSON says it too.
          restore(row.name(), wanted);
        }
        runtime = registry.current(row.name()).orElse(null);
      }
    }
    if (runtime != null && row.enabled() != runtime.enabled()) {
      registry.applyStoredEnabled(runtime, row);
    }
  }

  /** Registers a definition read from the store here, without writing it back. */
  private void adopt(StoredSchedule row, Map<String, Object> definition) {
    try {
      registry.adopt(restorer.apply(row.name(), definition), row);
      invalid.remove(row.name());
    } catch (RuntimeException e) {
      unusable(row.name(), e);
    }
  }

  private void restore(String name, Map<String, Object> definition) {
    try {
      registry.register(restorer.apply(name, definition));
      invalid.remove(name);
    } catch (RuntimeException e) {
      unusable(name, e);
    }
  }

  private void unusable(String name, RuntimeException e) {
    String reason = String.valueOf(e.getMessage());
    if (!reason.equals(invalid.put(name, reason))) {
      log.error("stored schedule '{}' cannot be restored: {}", Names.show(name), e.getMessage());
    }
  }
}
