package io.pipelinescheduler.spring.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.http.SchedulerHttpApi;
import io.pipelinescheduler.spring.PipelineSchedulerAutoConfiguration;
import io.pipelinescheduler.spring.PipelineSchedulerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Mounts scheduler-http's REST API and dashboard in the application's servlet web server at {@code
 * pipeline.scheduler.http.path} (default {@code /scheduler}), when scheduler-http is on the class
 * path and the application is a servlet web application; {@code
 * pipeline.scheduler.http.enabled=false} turns it off.
 *
 * <p>With Spring Security's web security (an {@link HttpSecurity} bean, as Boot's
 * auto-configuration or {@code @EnableWebSecurity} make), the calls are checked by a {@link
 * SecurityFilterChain} named {@value #SECURITY_FILTER_CHAIN} for the path only, ordered {@link
 * #SECURITY_ORDER} (before the application's chains): reads need the viewer or the operator role,
 * changes the operator role. An application bean of that name replaces it. Without Spring Security,
 * calls need the API's bearer token ({@code pipeline.scheduler.http.token}, or one generated at
 * start and written to a file the log names), reads included unless {@code
 * pipeline.scheduler.http.open-reads=true}.
 *
 * <p>Ordered after Boot's security auto-configurations, so that Boot's default filter chain for the
 * rest of the application is still made when the application defines none.
 */
@AutoConfiguration(
    after = PipelineSchedulerAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "io.pipelinescheduler.http.SchedulerHttpApi")
@ConditionalOnBean(PipelineScheduler.class)
@ConditionalOnProperty(
    prefix = "pipeline.scheduler.http",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(PipelineSchedulerProperties.class)
// Imported rather than nested @Configuration classes: a component scan of this package (an
// application or a test in it) must not find them and evaluate their conditions too early.
@Import({
  PipelineSchedulerHttpAutoConfiguration.WithSpringSecurity.class,
  PipelineSchedulerHttpAutoConfiguration.WithToken.class
})
public class PipelineSchedulerHttpAutoConfiguration {
  /** The name of the filter chain for the path; a bean of this name replaces the starter's. */
  public static final String SECURITY_FILTER_CHAIN = "pipelineSchedulerSecurityFilterChain";

  /**
   * The order of the starter's filter chain: before chains without an order and before Boot's
   * default chains, so that the path is matched by it first.
   */
  public static final int SECURITY_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  /** The name of the servlet registration; a bean of this name replaces the starter's. */
  public static final String SERVLET = "pipelineSchedulerHttpServlet";

  private static final String HTTP_SECURITY =
      "org.springframework.security.config.annotation.web.builders.HttpSecurity";
  private static final String PREFIX = "pipeline.scheduler.http.";
  private static final Logger log =
      LoggerFactory.getLogger(PipelineSchedulerHttpAutoConfiguration.class);

  /** Used by Spring. */
  public PipelineSchedulerHttpAutoConfiguration() {}

  /** Options shared by both ways of access. */
  private static SchedulerHttpApi.Builder api(
      PipelineScheduler scheduler,
      PipelineSchedulerProperties.Http http,
      ObjectProvider<PrometheusMeterRegistry> prometheus) {
    SchedulerHttpApi.Builder builder =
        SchedulerHttpApi.builder(scheduler)
            .propertyPrefix(PREFIX)
            .maxBodyBytes(
                checked(
                    "max-body-bytes",
                    http.getMaxBodyBytes(),
                    http.getMaxBodyBytes() >= 1,
                    "at least 1"))
            .allowCommandJobs(http.isAllowCommandJobs());
    if (!http.getAllowedHosts().isEmpty()) {
      try {
        builder.allowedHosts(http.getAllowedHosts().toArray(String[]::new));
      } catch (IllegalArgumentException e) {
        throw invalid("allowed-hosts", http.getAllowedHosts(), e.getMessage());
      }
    }
    prometheus.ifUnique(builder::prometheusRegistry);
    return builder;
  }

  /**
   * The servlet at {@code <path>} and {@code <path>/*}, serving the {@link SchedulerHttpApi} bean
   * (made below for Spring Security or for the token, or the application's own).
   */
  @Bean(name = SERVLET)
  @ConditionalOnMissingBean(name = SERVLET)
  public ServletRegistrationBean<SchedulerHttpServlet> pipelineSchedulerHttpServlet(
      SchedulerHttpApi api, PipelineSchedulerProperties properties) {
    String path = MountPath.of(properties.getHttp().getPath());
    ServletRegistrationBean<SchedulerHttpServlet> registration =
        new ServletRegistrationBean<>(new SchedulerHttpServlet(api, path), path, path + "/*");
    registration.setName(SERVLET);
    return registration;
  }

  private static <T> T checked(String property, T value, boolean valid, String rule) {
    if (!valid) {
      throw invalid(property, value, "must be " + rule);
    }
    return value;
  }

  static IllegalArgumentException invalid(String property, Object value, String why) {
    return new IllegalArgumentException(
        "invalid value '" + value + "' for property " + PREFIX + property + ": " + why);
  }

  /** Calls checked by Spring Security's filter chain for the path. */
  @ConditionalOnClass(name = HTTP_SECURITY)
  @ConditionalOnBean(type = HTTP_SECURITY)
  static class WithSpringSecurity {
    @Bean
    @ConditionalOnMissingBean
    SchedulerHttpApi pipelineSchedulerHttpApi(
        PipelineScheduler scheduler,
        PipelineSchedulerProperties properties,
        ObjectProvider<PrometheusMeterRegistry> prometheus) {
      PipelineSchedulerProperties.Http http = properties.getHttp();
      log.info(
          "pipeline-scheduler HTTP API and dashboard at {}/ (Spring Security: role {} or {} to read,"
              + " {} to change)",
          MountPath.of(http.getPath()),
          http.getViewerRole(),
          http.getOperatorRole(),
          http.getOperatorRole());
      return api(scheduler, http, prometheus)
          .access(SchedulerHttpApi.Access.CHECKED_BY_CONTAINER)
          .build();
    }

    @Bean(name = SECURITY_FILTER_CHAIN)
    @Order(SECURITY_ORDER)
    @ConditionalOnMissingBean(name = SECURITY_FILTER_CHAIN)
    SecurityFilterChain pipelineSchedulerSecurityFilterChain(
        HttpSecurity http, PipelineSchedulerProperties properties) throws Exception {
      PipelineSchedulerProperties.Http options = properties.getHttp();
      return SchedulerSecurity.chain(
          http,
          MountPath.of(options.getPath()),
          SchedulerSecurity.role("viewer-role", options.getViewerRole()),
          SchedulerSecurity.role("operator-role", options.getOperatorRole()));
    }
  }

  /** Calls checked by the API's bearer token. */
  @ConditionalOnMissingBean(type = HTTP_SECURITY)
  static class WithToken {
    @Bean
    @ConditionalOnMissingBean
    SchedulerHttpApi pipelineSchedulerHttpApi(
        PipelineScheduler scheduler,
        PipelineSchedulerProperties properties,
        ObjectProvider<PrometheusMeterRegistry> prometheus) {
      PipelineSchedulerProperties.Http http = properties.getHttp();
      SchedulerHttpApi.Builder builder =
          api(scheduler, http, prometheus)
              .access(
                  http.isOpenReads()
                      ? SchedulerHttpApi.Access.TOKEN_FOR_CHANGES
                      : SchedulerHttpApi.Access.TOKEN_FOR_EVERY_CALL);
      if (http.getToken() != null) {
        try {
          builder.token(http.getToken());
        } catch (IllegalArgumentException e) {
          throw invalid("token", "***", e.getMessage());
        }
      }
      return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    TokenAnnouncement pipelineSchedulerTokenAnnouncement(
        SchedulerHttpApi api, PipelineSchedulerProperties properties, Environment environment) {
      PipelineSchedulerProperties.Http http = properties.getHttp();
      return new TokenAnnouncement(
          api,
          environment.getProperty("server.servlet.context-path", "") + MountPath.of(http.getPath()),
          http.getTokenFile(),
          http.isOpenReads());
    }
  }
}
