package io.pipelinescheduler.spring;

import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.JobType;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleBatch;
import io.pipelinescheduler.ScheduleBuilder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds {@link PipelineScheduled} methods on beans as they are made, checking each annotation at
 * once, and registers them in one {@code scheduleAll} batch, with every {@link JobType} bean under
 * its bean name, once all singletons exist: before {@link PipelineSchedulerLifecycle} starts the
 * scheduler. Used by the context's thread only.
 */
public class PipelineScheduledRegistrar
    implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {
  private final List<Registration> found = new ArrayList<>();
  private ListableBeanFactory beanFactory;

  /** Used by the auto-configuration. */
  public PipelineScheduledRegistrar() {}

  private record Registration(
      String name, String beanName, Object bean, Method method, PipelineScheduled spec) {}

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = (ListableBeanFactory) beanFactory;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = AopUtils.getTargetClass(bean);
    ReflectionUtils.doWithMethods(
        type,
        method -> {
          PipelineScheduled spec = AnnotationUtils.findAnnotation(method, PipelineScheduled.class);
          if (spec != null) {
            found.add(check(bean, beanName, method, spec));
          }
        });
    return bean;
  }

  private static Registration check(
      Object bean, String beanName, Method method, PipelineScheduled spec) {
    String where = "@PipelineScheduled on " + beanName + "." + method.getName() + ": ";
    if (spec.cron().isBlank() == spec.every().isBlank()) {
      throw new IllegalStateException(where + "set exactly one of cron and every");
    }
    if (method.getParameterCount() > 1
        || (method.getParameterCount() == 1 && method.getParameterTypes()[0] != JobContext.class)) {
      throw new IllegalStateException(where + "the method takes no parameter or one JobContext");
    }
    Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
    ReflectionUtils.makeAccessible(invocable);
    String name = spec.name().isBlank() ? beanName + "." + method.getName() : spec.name();
    return new Registration(name, beanName, bean, invocable, spec);
  }

  @Override
  public void afterSingletonsInstantiated() {
    PipelineScheduler scheduler = beanFactory.getBean(PipelineScheduler.class);
    for (Map.Entry<String, JobType> type : beanFactory.getBeansOfType(JobType.class).entrySet()) {
      scheduler.registerJobType(type.getKey(), type.getValue());
    }
    if (!found.isEmpty()) {
      // One batch: every method checked before any is stored, then one store write for all.
      scheduler.scheduleAll(
          batch -> {
            for (Registration r : found) {
              add(batch, r);
            }
          });
    }
    found.clear();
  }

  private static void add(ScheduleBatch batch, Registration r) {
    PipelineScheduled spec = r.spec();
    String where = "@PipelineScheduled on " + r.beanName() + "." + r.method().getName();
    try {
      ScheduleBuilder builder = batch.schedule(r.name());
      if (!spec.zone().isBlank()) {
        builder.timezone(ZoneId.of(spec.zone()));
      }
      if (spec.cron().isBlank()) {
        builder.every(Duration.parse(spec.every()));
      } else {
        builder.cron(spec.cron());
      }
      if (spec.retries() != 0) { // a negative count is the builder's to refuse
        builder.retries(spec.retries(), Duration.parse(spec.retryDelay()));
      }
      if (!spec.timeout().isBlank()) {
        builder.timeout(Duration.parse(spec.timeout()));
      }
      builder.run(context -> invoke(r, context));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          where + " (schedule '" + r.name() + "') is invalid: " + e.getMessage(), e);
    }
  }

  private static void invoke(Registration r, JobContext context) throws Exception {
    try {
      if (r.method().getParameterCount() == 0) {
        r.method().invoke(r.bean());
      } else {
        r.method().invoke(r.bean(), context);
      }
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName)
      throws BeansException {
    return bean;
  }
}
