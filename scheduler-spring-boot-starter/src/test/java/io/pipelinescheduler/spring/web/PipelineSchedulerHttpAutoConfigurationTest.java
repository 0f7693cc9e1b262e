package io.pipelinescheduler.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.http.SchedulerHttpApi;
import io.pipelinescheduler.spring.PipelineSchedulerAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Which beans the mount makes, with and without Spring Security, and its checked properties. */
class PipelineSchedulerHttpAutoConfigurationTest {
  private final WebApplicationContextRunner withSecurity =
      new WebApplicationContextRunner()
          .withPropertyValues("pipeline.scheduler.persist-schedules=false")
          .withConfiguration(
              AutoConfigurations.of(
                  SecurityAutoConfiguration.class,
                  ServletWebSecurityAutoConfiguration.class,
                  UserDetailsServiceAutoConfiguration.class,
                  PipelineSchedulerAutoConfiguration.class,
                  PipelineSchedulerHttpAutoConfiguration.class));

  private final WebApplicationContextRunner withoutSecurity =
      new WebApplicationContextRunner()
          .withPropertyValues("pipeline.scheduler.persist-schedules=false")
          .withConfiguration(
              AutoConfigurations.of(
                  PipelineSchedulerAutoConfiguration.class,
                  PipelineSchedulerHttpAutoConfiguration.class));

  @Test
  void with_spring_security_the_path_has_its_own_chain_next_to_boots_default_one() {
    withSecurity.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasBean(PipelineSchedulerHttpAutoConfiguration.SECURITY_FILTER_CHAIN);
          assertThat(context).hasBean("defaultSecurityFilterChain");
          assertThat(context.getBean(SchedulerHttpApi.class).token()).isNull();
          assertThat(context).doesNotHaveBean(TokenAnnouncement.class);
          ServletRegistrationBean<?> servlet =
              context.getBean(
                  PipelineSchedulerHttpAutoConfiguration.SERVLET, ServletRegistrationBean.class);
          assertThat(servlet.getUrlMappings()).containsExactly("/scheduler", "/scheduler/*");
        });
  }

  /** An application's own chain for the path, under the starter's name. */
  @Configuration(proxyBeanMethods = false)
  static class OwnChain {
    @Bean(PipelineSchedulerHttpAutoConfiguration.SECURITY_FILTER_CHAIN)
    SecurityFilterChain pipelineSchedulerSecurityFilterChain(HttpSecurity http) throws Exception {
      return http.securityMatcher("/scheduler/**")
          .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
          .build();
    }
  }

  @Test
  void the_applications_chain_of_that_name_wins() {
    withSecurity
        .withUserConfiguration(OwnChain.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).getBeans(SecurityFilterChain.class).hasSize(1);
              assertThat(
                      context
                          .getBeanFactory()
                          .getBeanDefinition(
                              PipelineSchedulerHttpAutoConfiguration.SECURITY_FILTER_CHAIN)
                          .getFactoryBeanName())
                  .contains("OwnChain");
            });
  }

  @Test
  void without_spring_security_calls_need_a_token() {
    withoutSecurity
        .withPropertyValues("pipeline.scheduler.http.token=my-token")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(SchedulerHttpApi.class).token()).isEqualTo("my-token");
              assertThat(context.getBean(SchedulerHttpApi.class).tokenGenerated()).isFalse();
              assertThat(context).hasSingleBean(TokenAnnouncement.class);
            });
  }

  @Test
  void it_can_be_switched_off() {
    withSecurity
        .withPropertyValues("pipeline.scheduler.http.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SchedulerHttpApi.class);
              assertThat(context)
                  .doesNotHaveBean(PipelineSchedulerHttpAutoConfiguration.SECURITY_FILTER_CHAIN);
            });
  }

  @Test
  void a_bad_path_fails_start_up_naming_the_property() {
    withoutSecurity
        .withPropertyValues("pipeline.scheduler.http.path=scheduler/*")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "invalid value 'scheduler/*' for property pipeline.scheduler.http.path"));
  }

  @Test
  void a_role_with_the_prefix_fails_start_up_naming_the_property() {
    withSecurity
        .withPropertyValues("pipeline.scheduler.http.operator-role=ROLE_OPS")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "invalid value 'ROLE_OPS' for property pipeline.scheduler.http.operator-role"));
  }
}
