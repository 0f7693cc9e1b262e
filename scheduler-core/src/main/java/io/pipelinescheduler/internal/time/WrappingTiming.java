package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.ZoneId;

/** A timing that narrows another: its type, spec, zone and period are the wrapped timing's. */
interface WrappingTiming extends Timing {
  /** The timing narrowed. */
  Timing timing();

  @Override
  default ScheduleType type() {
    return timing().type();
  }

  @Override
  default String spec() {
    return timing().spec();
  }

  @Override
  default ZoneId zone() {
    return timing().zone();
  }

  @Override
  default Duration period() {
    return timing().period();
  }
}
