package io.pipelinescheduler.internal.engine;

import java.util.Map;
import java.util.Objects;

/**
 * A job given as data: a registered job type and its parameters.
 *
 * @param type the job type name
 * @param params JSON-compatible parameters (unmodifiable)
 */
public record JobSpec(String type, Map<String, Object> params) {
  /** Copies the parameters. */
  public JobSpec {
    Objects.requireNonNull(type, "type");
    params = Map.copyOf(Objects.requireNonNull(params, "params"));
  }
}
