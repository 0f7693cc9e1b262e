package io.pipelinescheduler.testsupport;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SchedulerConfig;
import java.time.Clock;

/** The built-in {@code local} backend (core) on the contract, opened through its provider. */
class LocalLockBackendContractTest extends LockBackendContract {
  @Override
  protected LockBackend newBackend(Clock clock) {
    return BuiltInLockBackends.open("local", SchedulerConfig.builder().clock(clock).build());
  }
}
