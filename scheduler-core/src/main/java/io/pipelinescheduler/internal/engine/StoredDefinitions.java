package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.internal.config.Names;
import io.pipelinescheduler.spi.ScheduleColumns;
import io.pipelinescheduler.spi.StoredJson;
import java.util.Collection;
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
 * import or an operator. A stored definition that cannot be restored, or a row that a store could
 * not read ({@link ScheduleColumns#unusable}), is kept aside with the reason (shown in health and
 * logged once per reason); a schedule registered before its row was broken keeps running as it was.
 */
final class StoredDefinitions {
  private static final Logger log = LoggerFactory.getLogger(StoredDefinitions.class);

  private final ScheduleRegistry registry;
  private final ScheduleStore store;
  private final Map<String, String> invalid = new ConcurrentHashMap<>();

  /** The stored rows of type AFTER, as of the latest reading of them; null before the first. */
  private volatile Map<String, StoredSchedule> afterRows;

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
        String reason = ScheduleColumns.unusableReason(stored.definition());
        if (reason != null) {
          unusable(stored.name(), reason);
        } else {
          restore(stored.name(), stored.definition());
        }
      }
    }
  }

  /**
   * The stored schedules of type AFTER (also those whose job is code on another instance), as of
   * the latest periodic refresh and the change feed since; read from the store only the first time,
   * before any refresh.
   */
  Collection<StoredSchedule> storedAfter() {
    Map<String, StoredSchedule> after = afterRows;
    if (after == null) {
      after = new ConcurrentHashMap<>();
      for (StoredSchedule row : store.findSchedulesOfType(ScheduleType.AFTER)) {
        after.put(row.name(), row);
      }
      afterRows = after;
    }
    return after.values();
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
    Map<String, StoredSchedule> after = new ConcurrentHashMap<>();
    for (StoredSchedule row : store.findSchedules()) {
      stored.add(row.name());
      if (row.type() == ScheduleType.AFTER) {
        after.put(row.name(), row);
      }
      follow(row);
    }
    afterRows = after;
    for (ScheduleRuntime runtime : List.copyOf(registry.runtimes())) {
      if (runtime.definition().data() != null && !stored.contains(runtime.name())) {
        registry.removeLocally(runtime);
      }
    }
    invalid.keySet().retainAll(stored);
  }

  /** As {@link #refresh()}, for the schedules a change feed named: reads only those. */
  void refresh(Set<String> names) {
    Map<String, StoredSchedule> rows = new HashMap<>();
    store.findSchedules(names).forEach(row -> rows.put(row.name(), row));
    Map<String, StoredSchedule> after = afterRows;
    for (String name : names) {
      StoredSchedule row = rows.get(name);
      if (after != null) {
        if (row != null && row.type() == ScheduleType.AFTER) {
          after.put(name, row);
        } else {
          after.remove(name);
        }
      }
      if (row != null) {
        follow(row);
      } else {
        invalid.remove(name);
        registry
            .current(name)
            .filter(runtime -> runtime.definition().data() != null)
            .ifPresent(registry::removeLocally);
      }
    }
  }

  private void follow(StoredSchedule row) {
    ScheduleRuntime runtime = registry.current(row.name()).orElse(null);
    String reason = ScheduleColumns.unusableReason(row.definition());
    if (reason != null) {
      unusable(row.name(), reason);
    } else if (row.definition() != null && changed(row, runtime)) {
      runtime = registry.current(row.name()).orElse(null);
    }
    if (runtime != null && row.enabled() != runtime.enabled()) {
      registry.applyStoredEnabled(runtime, row);
    }
  }

  /**
   * Registers what the row says when it differs from the registered definition; false when it says
   * the same (perhaps in other words: a row inserted by hand leaves out what has a default) or
   * cannot be used (then kept aside with the reason).
   */
  private boolean changed(StoredSchedule row, ScheduleRuntime runtime) {
    Map<String, Object> wanted;
    ScheduleDefinition candidate;
    try {
      wanted = StoredSpecEdits.apply(row, runtime);
      if (runtime != null && StoredJson.sameDefinition(runtime.definition().data(), wanted)) {
        invalid.remove(row.name());
        return false;
      }
      candidate = restorer.apply(row.name(), wanted);
    } catch (RuntimeException e) {
      unusable(row.name(), e);
      return false;
    }
    if (runtime != null
        && StoredJson.sameDefinition(runtime.definition().data(), candidate.data())) {
      invalid.remove(row.name());
      return false;
    }
    if (wanted == row.definition()) {
      adopt(row, candidate);
    } else {
      // An operator's new spec: registered and written back, so the JSON says it too.
      restore(row.name(), wanted);
    }
    return true;
  }

  /** Registers a definition read from the store here, without writing it back. */
  private void adopt(StoredSchedule row, ScheduleDefinition definition) {
    try {
      registry.adopt(definition, row);
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
    unusable(name, String.valueOf(e.getMessage()));
  }

  private void unusable(String name, String reason) {
    if (!reason.equals(invalid.put(name, reason))) {
      log.error("stored schedule '{}' cannot be restored: {}", Names.show(name), reason);
    }
  }
}
