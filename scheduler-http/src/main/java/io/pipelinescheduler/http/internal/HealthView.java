package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.Health;
import io.pipelinescheduler.HealthStatus;
import io.pipelinescheduler.SchedulerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link HealthStatus} as JSON; details are reduced to maps, lists, strings, numbers and booleans.
 *
 * @param status UP, DEGRADED or DOWN
 * @param running whether the scheduler is started
 * @param metrics run counts
 * @param details store and lock backend state and so on
 */
public record HealthView(
    Health status, boolean running, Metrics metrics, Map<String, Object> details) {

  /**
   * {@link SchedulerMetrics} with the average duration also in milliseconds.
   *
   * @param totalRuns finished runs
   * @param succeeded runs that succeeded
   * @param failed runs that ended otherwise
   * @param successRate succeeded / totalRuns in [0,1]
   * @param running runs in flight
   * @param averageDuration ISO-8601
   * @param averageDurationMillis the same in milliseconds
   * @param schedules schedules registered
   */
  public record Metrics(
      long totalRuns,
      long succeeded,
      long failed,
      double successRate,
      int running,
      Duration averageDuration,
      long averageDurationMillis,
      int schedules) {}

  /** The view of {@code health}. */
  public static HealthView of(HealthStatus health) {
    SchedulerMetrics m = health.metrics();
    Metrics metrics =
        new Metrics(
            m.totalRuns(),
            m.succeeded(),
            m.failed(),
            m.successRate(),
            m.running(),
            m.averageDuration(),
            m.averageDuration().toMillis(),
            m.schedules());
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) plain(health.details());
    return new HealthView(health.status(), health.running(), metrics, details);
  }

  private static Object plain(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
      return copy;
    }
    if (value instanceof Collection<?> collection) {
      List<Object> copy = new ArrayList<>();
      collection.forEach(item -> copy.add(plain(item)));
      return copy;
    }
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    return value.toString();
  }
}
