/**
 * Contract suites for backend and store authors (the {@code scheduler-test-support} artifact): a
 * lock backend's test subclasses {@link io.pipelinescheduler.testsupport.LockBackendContract}, a
 * schedule store's test {@link io.pipelinescheduler.testsupport.ScheduleStoreContract}; {@link
 * io.pipelinescheduler.testsupport.ClaimRace} races many threads for the same slots. Add the
 * artifact in test scope; it brings JUnit 5 and AssertJ. The built-in backends and stores pass the
 * same suites.
 */
package io.pipelinescheduler.testsupport;
