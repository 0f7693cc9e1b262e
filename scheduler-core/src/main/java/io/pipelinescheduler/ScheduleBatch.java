package io.pipelinescheduler;

import io.pipelinescheduler.internal.config.Names;
import io.pipelinescheduler.internal.engine.ScheduleDefinition;
import io.pipelinescheduler.internal.engine.ScheduleViews;
import io.pipelinescheduler.internal.engine.TimingShown;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schedules of one {@link PipelineScheduler#scheduleAll} call. {@link #schedule(String)} gives
 * the same fluent {@link ScheduleBuilder} as {@link PipelineScheduler#schedule(String)}; its {@code
 * run(...)} validates the definition and adds it here instead of registering it. Nothing is stored
 * until the whole batch is defined; then every definition is registered at once.
 *
 * <pre>{@code
 * scheduler.scheduleAll(batch -> ids.forEach(id ->
 *     batch.schedule("invoice-" + id).once(at).run("send-invoice", Map.of("id", id))));
 * }</pre>
 *
 * <p>Not thread-safe: define a batch on the thread that called {@code scheduleAll}, and only during
 * that call.
 */
public final class ScheduleBatch {
  private final PipelineScheduler scheduler;
  private final Map<String, ScheduleDefinition> definitions = new LinkedHashMap<>();

  /** What the timings of the definitions show, by name, worked out by their builders. */
  private final Map<String, TimingShown> shownByName = new HashMap<>();

  /** Builders begun and not yet finished with {@code run}, in the order begun (by identity). */
  private final Map<ScheduleBuilder, String> unfinished = new LinkedHashMap<>();

  private boolean closed;

  ScheduleBatch(PipelineScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Begins the definition of a schedule of this batch; finish it with {@code run(...)}, which adds
   * it to the batch.
   *
   * @throws InvalidScheduleException when the name breaks the rule for names (see {@link
   *     PipelineScheduler#schedule(String)})
   * @throws IllegalStateException when the {@code scheduleAll} call of this batch has returned
   */
  public ScheduleBuilder schedule(String name) {
    requireOpen();
    ScheduleBuilder builder = scheduler.builder(name, this);
    unfinished.put(builder, name);
    return builder;
  }

  /** How many schedules the batch holds so far. */
  public int size() {
    return definitions.size();
  }

  /**
   * Adds a validated definition and what its timing shows; a preview of it is what the builder's
   * {@code run} returns.
   */
  ScheduleInfo add(ScheduleBuilder builder, ScheduleDefinition definition, TimingShown shown) {
    requireOpen();
    String name = definition.name();
    if (definitions.containsKey(name)) {
      throw new InvalidScheduleException(
          name,
          "name '"
              + Names.show(name)
              + "' is given twice in this batch; each schedule of a batch needs its own name");
    }
    unfinished.remove(builder);
    definitions.put(name, definition);
    shownByName.put(name, shown);
    return ScheduleViews.preview(definition, scheduler.now(), shown);
  }

  /**
   * Closes the batch and returns its definitions, in the order added.
   *
   * @throws InvalidScheduleException naming a schedule begun with {@link #schedule} but never
   *     finished with {@code run(...)}
   */
  List<ScheduleDefinition> finish() {
    close();
    if (!unfinished.isEmpty()) {
      String name = unfinished.values().iterator().next();
      throw new InvalidScheduleException(
          name,
          "begun in the batch with schedule(name) but not finished with run(...); every schedule"
              + " of a batch needs its run, nothing of the batch was stored");
    }
    return List.copyOf(definitions.values());
  }

  /** What the timings of the definitions show, by name. */
  Map<String, TimingShown> shownByName() {
    return shownByName;
  }

  /** No more schedules may be added (the {@code scheduleAll} call returned or failed). */
  void close() {
    closed = true;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException(
          "this batch's scheduleAll call has returned; define schedules only inside it");
    }
  }
}
