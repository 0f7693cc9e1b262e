package io.pipelinescheduler.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a bean method on a schedule of the application's {@link
 * io.pipelinescheduler.PipelineScheduler}, e.g. {@code @PipelineScheduled(cron = "0 2 * * *", zone
 * = "Europe/Berlin", retries = 3)}. The method takes no parameter or one {@link
 * io.pipelinescheduler.JobContext}; what it throws fails the run. Exactly one of {@link #cron()}
 * and {@link #every()} is set. Registered by {@link PipelineScheduledRegistrar} before the
 * scheduler starts; a bad annotation fails start-up naming the bean and the method.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipelineScheduled {
  /** The schedule's name; default {@code beanName.methodName}. */
  String name() default "";

  /** A Unix 5-field cron expression, e.g. {@code 0 2 * * *}. */
  String cron() default "";

  /** An ISO-8601 duration between runs, e.g. {@code PT30S}. */
  String every() default "";

  /** The time zone of {@link #cron()}, e.g. {@code Europe/Berlin}; default the scheduler's. */
  String zone() default "";

  /** How often a failed run is retried; default 0. */
  int retries() default 0;

  /** The wait before the first retry (ISO-8601), doubled each time; default one minute. */
  String retryDelay() default "PT1M";

  /** An ISO-8601 duration after which a run is interrupted; default none. */
  String timeout() default "";
}
