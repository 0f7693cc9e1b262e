package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/** Reading {@code redis://} URLs and checking the backend's own settings; no server needed. */
class RedisUrlTest {

  private static SingleServerConfig server(String url) {
    return RedisLockBackend.configFromUrl(url).useSingleServer();
  }

  private static Config config(String url) {
    return RedisLockBackend.configFromUrl(url);
  }

  @ParameterizedTest
  @CsvSource({
    "redis://cache.internal:6380, redis://cache.internal:6380",
    "redis://localhost, redis://localhost:6379",
    "REDIS://localhost:6379/, redis://localhost:6379",
    "rediss://secure.example.com:6380, rediss://secure.example.com:6380",
    "redis://[::1]:7000, redis://[::1]:7000",
  })
  void a_url_becomes_the_address_of_one_server(String url, String address) {
    SingleServerConfig server = server(url);

    assertThat(server.getAddress()).isEqualTo(address);
    assertThat(server.getDatabase()).isZero();
    assertThat(config(url).getPassword()).isNull();
  }

  @Test
  void the_password_and_database_come_from_the_url_percent_decoded() {
    Config config = config("redis://:hunter%402@cache:6379/5");

    assertThat(config.getPassword()).isEqualTo("hunter@2");
    assertThat(config.getUsername()).isNull();
    assertThat(config.useSingleServer().getDatabase()).isEqualTo(5);
  }

  @Test
  void a_user_name_before_the_colon_is_an_acl_user() {
    Config config = config("redis://app:hunter2@cache");

    assertThat(config.getUsername()).isEqualTo("app");
    assertThat(config.getPassword()).isEqualTo("hunter2");
  }

  @Test
  void user_info_without_a_colon_is_a_password() {
    Config config = config("redis://hunter2@cache");

    assertThat(config.getUsername()).isNull();
    assertThat(config.getPassword()).isEqualTo("hunter2");
  }

  @Test
  void the_timeouts_are_short_so_that_an_outage_fails_a_claim_within_seconds() {
    SingleServerConfig server = server("redis://cache");

    assertThat(server.getConnectTimeout()).isEqualTo(2_000);
    assertThat(server.getTimeout()).isEqualTo(2_000);
    assertThat(server.getRetryAttempts()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "redis://:hunter2@cache:6379/reports | redis://:***@cache:6379/reports' has path '/reports'",
        "redis://:hunter2@cache:6379/-1 | has path '/-1'",
        "redis://:hunter2@cache:6379?ssl=true | has a query or fragment",
        "redis://:hunter2@ | names no host",
        "http://:hunter2@cache:6379 | must start with redis:// or rediss://",
        "redis://:hunter2@ca che:6379 | is not a valid URL (Illegal character in authority",
      })
  void a_bad_url_is_refused_with_its_password_masked(String url, String expected) {
    assertThatThrownBy(() -> RedisLockBackend.configFromUrl(url))
        .isInstanceOf(SchedulerException.class)
        .hasMessageStartingWith("redisUrl '")
        .hasMessageContaining(expected)
        .hasMessageContaining("e.g. redis://localhost:6379")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void the_connection_name_is_the_instance_id_with_unsafe_characters_replaced() {
    SchedulerConfig config = SchedulerConfig.builder().instanceId("web 1/worker@host-7").build();

    String name = RedisLockBackend.clientName(config);

    assertThat(name).isEqualTo("pipeline-scheduler:web_1_worker@host-7");
  }

  @Test
  void an_empty_key_prefix_is_refused_before_connecting() {
    Config config = RedisLockBackend.configFromUrl("redis://127.0.0.1:1");

    assertThatThrownBy(
            () -> new RedisLockBackend(config, Clock.systemUTC(), "", Duration.ofSeconds(10)))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("keyPrefix must not be empty");
  }

  @ParameterizedTest
  @CsvSource({"PT0S", "PT-1S", "PT5M", "PT1H"})
  void a_renewal_interval_out_of_range_is_refused_before_connecting(Duration interval) {
    Config config = RedisLockBackend.configFromUrl("redis://127.0.0.1:1");

    assertThatThrownBy(
            () ->
                new RedisLockBackend(
                    config, Clock.systemUTC(), RedisLockBackend.DEFAULT_KEY_PREFIX, interval))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("renewalInterval must be more than zero and less than PT5M")
        .hasMessageContaining("was " + interval);
  }
}
