package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.Trigger;
import java.time.Instant;

/**
 * A due slot waiting for its claim and record; {@code startAt} is the slot when it is claimed ahead
 * (the run starts then), else null (at once); {@code generation} is the runtime's when the slot
 * fired (a run claimed ahead is checked against it when its slot comes).
 */
record ClaimRequest(
    ScheduleRuntime runtime,
    Instant slot,
    Trigger trigger,
    int attempt,
    Instant now,
    Instant startAt,
    long generation) {}
