package io.pipelinescheduler.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes a {@link PipelineScheduler} bean from the {@code pipeline.scheduler.*} properties, on the
 * application's {@link DataSource}, {@link MeterRegistry} and {@link Clock} beans when there are (a
 * single or primary) ones, and starts and stops it with the context. Ordered after the JDBC and
 * metrics auto-configurations by name, so that it sees their beans without depending on them.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnProperty(
    prefix = "pipeline.scheduler",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(PipelineSchedulerProperties.class)
public class PipelineSchedulerAutoConfiguration {
  /** Used by Spring. */
  public PipelineSchedulerAutoConfiguration() {}

  /**
   * The configuration: the properties, then the application's beans.
   *
   * @throws IllegalArgumentException naming the property and value the builder rejects
   */
  @Bean
  @ConditionalOnMissingBean
  public SchedulerConfig pipelineSchedulerConfig(
      PipelineSchedulerProperties properties,
      ObjectProvider<DataSource> dataSource,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<Clock> clock) {
    SchedulerConfig.Builder builder = SchedulerConfig.builder();
    properties.applyTo(builder);
    if (properties.isUseApplicationDataSource()) {
      dataSource.ifUnique(builder::dataSource);
    }
    meterRegistry.ifUnique(builder::meterRegistry);
    clock.ifUnique(builder::clock);
    return builder.build();
  }

  /** The scheduler; closed (store and lock backend released) when the context closes. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public PipelineScheduler pipelineScheduler(SchedulerConfig config) {
    return PipelineScheduler.create(config);
  }

  /** Registers {@link PipelineScheduled} methods and {@code JobType} beans. */
  @Bean
  @ConditionalOnMissingBean
  public static PipelineScheduledRegistrar pipelineScheduledRegistrar() {
    return new PipelineScheduledRegistrar();
  }

  /** The Actuator health component, when Spring Boot's health module is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "pipelineSchedulerHealthIndicator")
    PipelineSchedulerHealthIndicator pipelineSchedulerHealthIndicator(PipelineScheduler scheduler) {
      return new PipelineSchedulerHealthIndicator(scheduler);
    }
  }

  /** Starts the scheduler once the context is refreshed and stops it at shutdown. */
  @Bean
  @ConditionalOnMissingBean
  public PipelineSchedulerLifecycle pipelineSchedulerLifecycle(PipelineScheduler scheduler) {
    return new PipelineSchedulerLifecycle(scheduler);
  }
}
