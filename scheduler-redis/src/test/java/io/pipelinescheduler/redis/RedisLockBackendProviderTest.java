package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotClaim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.config.Config;

/** Finding and opening the backend from a scheduler configuration, against real servers. */
class RedisLockBackendProviderTest {
  private static final Instant SLOT = Instant.parse("2030-06-01T00:00:00Z");

  @TempDir Path dir;

  private static SchedulerConfig config(String redisUrl) {
    return SchedulerConfig.builder()
        .distributed(true)
        .lockBackend("redis")
        .redisUrl(redisUrl)
        .instanceId("provider-test")
        .build();
  }

  private static SlotClaim uniqueClaim() {
    return new SlotClaim("provider-" + UUID.randomUUID(), SLOT, 1, "node-a", Duration.ZERO);
  }

  @Test
  void the_service_loader_finds_the_redis_provider_by_name() {
    assertThat(LockBackendProviders.providers())
        .hasEntrySatisfying(
            "redis", p -> assertThat(p).isInstanceOf(RedisLockBackendProvider.class));
  }

  @Test
  void a_distributed_config_naming_redis_opens_a_backend_that_claims_slots() {
    SlotClaim claim = uniqueClaim();
    try (LockBackend backend = LockBackendProviders.open(config(TestRedis.url()))) {
      boolean first = backend.tryClaim(claim).isPresent();
      boolean second = backend.tryClaim(claim).isPresent();

      assertThat(backend).isInstanceOf(RedisLockBackend.class);
      assertThat(first).isTrue();
      assertThat(second).isFalse();
    } finally {
      TestRedis.deleteKeys(RedisLockBackend.DEFAULT_KEY_PREFIX + claim.scheduleName());
    }
  }

  @Test
  void unreachable_redis_at_start_fails_with_the_url_and_its_password_masked() throws Exception {
    int port = RedisServerProcess.freePort();
    RedisLockBackendProvider provider = new RedisLockBackendProvider(Map.of());

    assertThatThrownBy(() -> provider.create(config("redis://:hunter2@127.0.0.1:" + port)))
        .isInstanceOf(SchedulerException.class)
        .hasMessageStartingWith("cannot reach Redis at redis://:***@127.0.0.1:" + port + ": ")
        .hasMessageContaining("Connection refused")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void a_password_protected_redis_is_reached_with_the_password_in_the_url() throws Exception {
    try (RedisServerProcess server =
        RedisServerProcess.start(dir.resolve("redis"), "--requirepass", "hunter2")) {
      String url = "redis://:hunter2@127.0.0.1:" + server.port();
      try (LockBackend backend = new RedisLockBackendProvider(Map.of()).create(config(url))) {
        boolean won = backend.tryClaim(uniqueClaim()).isPresent();

        assertThat(won).isTrue();
        assertThat(backend.healthDetails())
            .containsEntry("redis", "redis://:***@127.0.0.1:" + server.port());
      }
    }
  }

  @Test
  void a_wrong_password_fails_at_start_with_a_clear_message() throws Exception {
    try (RedisServerProcess server =
        RedisServerProcess.start(dir.resolve("redis"), "--requirepass", "hunter2")) {
      String url = "redis://:wrong-one@127.0.0.1:" + server.port();
      RedisLockBackendProvider provider = new RedisLockBackendProvider(Map.of());

      assertThatThrownBy(() -> provider.create(config(url)))
          .isInstanceOf(SchedulerException.class)
          .hasMessageStartingWith("cannot reach Redis at redis://:***@127.0.0.1:" + server.port())
          .hasMessageContaining("WRONGPASS")
          .hasMessageNotContaining("wrong-one");
    }
  }

  @Test
  void a_redisson_yaml_file_named_by_the_environment_is_used_instead_of_the_url() throws Exception {
    Config fromUrl = RedisLockBackend.configFromUrl(TestRedis.url());
    String password =
        fromUrl.getPassword() == null
            ? ""
            : "password: '" + fromUrl.getPassword().replace("'", "''") + "'\n";
    String user =
        fromUrl.getUsername() == null ? "" : "username: '" + fromUrl.getUsername() + "'\n";
    Path yaml = dir.resolve("redisson.yaml");
    Files.writeString(
        yaml,
        password
            + user
            + "singleServerConfig:\n"
            + "  address: \""
            + fromUrl.useSingleServer().getAddress()
            + "\"\n"
            + "  database: "
            + fromUrl.useSingleServer().getDatabase()
            + "\n");
    int nobody = RedisServerProcess.freePort();
    RedisLockBackendProvider provider =
        new RedisLockBackendProvider(
            Map.of(RedisLockBackendProvider.CONFIG_FILE_VARIABLE, yaml.toString()));
    SlotClaim claim = uniqueClaim();

    try (LockBackend backend = provider.create(config("redis://127.0.0.1:" + nobody))) {
      boolean won = backend.tryClaim(claim).isPresent();

      assertThat(won).isTrue();
      assertThat((String) backend.healthDetails().get("redis"))
          .endsWith("(from SCHEDULER_REDIS_CONFIG=" + yaml + ")");
    } finally {
      TestRedis.deleteKeys(RedisLockBackend.DEFAULT_KEY_PREFIX + claim.scheduleName());
    }
  }

  @Test
  void a_missing_yaml_file_fails_with_a_message_naming_it() {
    Path missing = dir.resolve("no-such-redisson.yaml");
    RedisLockBackendProvider provider =
        new RedisLockBackendProvider(
            Map.of(RedisLockBackendProvider.CONFIG_FILE_VARIABLE, missing.toString()));

    assertThatThrownBy(() -> provider.create(config(TestRedis.url())))
        .isInstanceOf(SchedulerException.class)
        .hasMessage("SCHEDULER_REDIS_CONFIG '" + missing.toAbsolutePath() + "' is not a file");
  }

  @Test
  void a_yaml_file_that_is_not_a_redisson_configuration_fails_with_a_message_naming_it()
      throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "singleServerConfig: [nope\n");
    RedisLockBackendProvider provider =
        new RedisLockBackendProvider(
            Map.of(RedisLockBackendProvider.CONFIG_FILE_VARIABLE, broken.toString()));

    assertThatThrownBy(() -> provider.create(config(TestRedis.url())))
        .isInstanceOf(SchedulerException.class)
        .hasMessageStartingWith(
            "SCHEDULER_REDIS_CONFIG '"
                + broken.toAbsolutePath()
                + "' is not a valid Redisson YAML configuration: ");
  }

  @Test
  void the_key_prefix_variable_changes_where_claims_are_stored() {
    String prefix = TestRedis.uniquePrefix("env-prefix");
    RedisLockBackendProvider provider =
        new RedisLockBackendProvider(Map.of(RedisLockBackendProvider.KEY_PREFIX_VARIABLE, prefix));

    try (LockBackend backend = provider.create(config(TestRedis.url()))) {
      backend.tryClaim(uniqueClaim()).orElseThrow();

      assertThat(TestRedis.countKeys(prefix)).isEqualTo(1);
    } finally {
      TestRedis.deleteKeys(prefix);
    }
  }
}
