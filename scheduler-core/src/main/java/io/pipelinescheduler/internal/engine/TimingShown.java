package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.internal.time.Canonical;
import io.pipelinescheduler.internal.time.Timing;

/**
 * What a timing shows, its spec and its description, worked out once for a registration: the
 * builder works them out when it checks a definition, and the preview, the stored row and the info
 * returned reuse them (formatting instants is a good part of what registering a schedule costs).
 *
 * @param spec the timing's spec, shared with equal specs ({@link Canonical})
 * @param description the timing's own description (not the user's)
 */
public record TimingShown(String spec, String description) {

  /** Works out what {@code timing} shows; throws what the timing throws. */
  public static TimingShown of(Timing timing) {
    return new TimingShown(Canonical.of(timing.spec()), timing.description());
  }

  /** {@code known} when given, else worked out from {@code timing}. */
  static TimingShown orOf(TimingShown known, Timing timing) {
    return known != null ? known : of(timing);
  }
}
