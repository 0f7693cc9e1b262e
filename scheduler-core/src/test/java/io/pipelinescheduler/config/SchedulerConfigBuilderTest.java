package io.pipelinescheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulerConfigBuilderTest {

  static Stream<Arguments> rejected_values() {
    return Stream.of(
        rejects(b -> b.maxConcurrentRuns(0), "maxConcurrentRuns must be at least 1, was 0"),
        rejects(b -> b.fireAllLimit(-3), "fireAllLimit must be at least 1, was -3"),
        rejects(
            b -> b.historyLimitPerSchedule(0), "historyLimitPerSchedule must be at least 1, was 0"),
        rejects(b -> b.outputLimitBytes(0), "outputLimitBytes must be at least 1, was 0"),
        rejects(
            b -> b.shutdownGrace(Duration.ofSeconds(-1)),
            "shutdownGrace must not be negative, was PT-1S"),
        rejects(
            b -> b.misfireGrace(Duration.ofMillis(-5)),
            "misfireGrace must not be negative, was PT-0.005S"),
        rejects(
            b -> b.historyRetention(Duration.ZERO), "historyRetention must be positive, was PT0S"),
        rejects(
            b -> b.refreshInterval(Duration.ZERO), "refreshInterval must be positive, was PT0S"),
        rejects(
            b -> b.heartbeatInterval(Duration.ofSeconds(-1)),
            "heartbeatInterval must be positive, was PT-1S"),
        rejects(
            b -> b.historyRetention(Duration.ofHours(-2)),
            "historyRetention must be positive, was PT-2H"),
        rejects(
            b -> b.failureRateThreshold(1.5),
            "failureRateThreshold must be between 0.0 and 1.0, was 1.5"),
        rejects(
            b -> b.failureRateThreshold(-0.1),
            "failureRateThreshold must be between 0.0 and 1.0, was -0.1"),
        rejects(
            b -> b.failureRateThreshold(Double.NaN),
            "failureRateThreshold must be between 0.0 and 1.0, was NaN"),
        rejects(b -> b.instanceId(""), "instanceId must not be blank, was ''"),
        rejects(b -> b.instanceId("  "), "instanceId must not be blank, was '  '"),
        rejects(
            b -> b.instanceId("n".repeat(300)),
            "instanceId has 300 characters; at most 200 are allowed, was '"
                + "n".repeat(60)
                + "…(300 characters)'"),
        rejects(
            b -> b.instanceId("web\n1"),
            "instanceId has the control character U+000A at index 3; control characters are not"
                + " allowed, was 'web\\u000a1'"),
        rejects(b -> b.lockBackend(" "), "lockBackend must not be blank, was ' '"),
        rejects(b -> b.dbUser(""), "dbUser must not be blank, was ''"),
        rejects(
            b -> b.dbUrl("postgres://db/s"),
            "dbUrl must be a JDBC URL starting with 'jdbc:', e.g."
                + " jdbc:postgresql://localhost:5432/scheduler, was 'postgres://db/s'"),
        rejects(
            b -> b.dbUrl(""),
            "dbUrl must be a JDBC URL starting with 'jdbc:', e.g."
                + " jdbc:postgresql://localhost:5432/scheduler, was ''"),
        rejects(
            b -> b.redisUrl("localhost:6379"),
            "redisUrl must start with redis:// or rediss://, e.g. redis://localhost:6379,"
                + " was 'localhost:6379'"),
        rejects(
            b -> b.webhookUrl(URI.create("ftp://files.example.com/x")),
            "webhookUrl must be an absolute http or https URL, e.g."
                + " https://hooks.example.com/scheduler, was 'ftp://files.example.com/x'"),
        rejects(
            b -> b.webhookUrl(URI.create("/relative/path")),
            "webhookUrl must be an absolute http or https URL, e.g."
                + " https://hooks.example.com/scheduler, was '/relative/path'"),
        rejects(b -> b.dbPath(Path.of("")), "dbPath must not be empty, was ''"),
        rejects(b -> b.lockDirectory(Path.of("")), "lockDirectory must not be empty, was ''"),
        rejects(
            b -> b.lockBackend(new NamedBackend(" ")),
            "lockBackend.name() must not be blank, was ' '"),
        rejects(
            b -> b.lockBackend(new NamedBackend(null)),
            "lockBackend.name() must not be blank, was null"));
  }

  private static Arguments rejects(Consumer<SchedulerConfig.Builder> call, String message) {
    return Arguments.of(call, message);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("rejected_values")
  void a_setter_rejects_a_bad_value_at_once_and_quotes_it(
      Consumer<SchedulerConfig.Builder> call, String message) {
    SchedulerConfig.Builder builder = SchedulerConfig.builder();

    assertThatThrownBy(() -> call.accept(builder))
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> null_arguments() {
    return Stream.of(
        nullFor("dbPath", b -> b.dbPath(null)),
        nullFor("lockBackend", b -> b.lockBackend((String) null)),
        nullFor("lockBackend", b -> b.lockBackend((LockBackend) null)),
        nullFor("lockDirectory", b -> b.lockDirectory(null)),
        nullFor("redisUrl", b -> b.redisUrl(null)),
        nullFor("timezone", b -> b.timezone(null)),
        nullFor("instanceId", b -> b.instanceId(null)),
        nullFor("historyRetention", b -> b.historyRetention(null)),
        nullFor("shutdownGrace", b -> b.shutdownGrace(null)),
        nullFor("misfireGrace", b -> b.misfireGrace(null)),
        nullFor("clock", b -> b.clock(null)),
        nullFor("meterRegistry", b -> b.meterRegistry(null)));
  }

  private static Arguments nullFor(String parameter, Consumer<SchedulerConfig.Builder> call) {
    return Arguments.of(parameter, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("null_arguments")
  void a_null_argument_is_a_null_pointer_exception_naming_the_parameter(
      String parameter, Consumer<SchedulerConfig.Builder> call) {
    SchedulerConfig.Builder builder = SchedulerConfig.builder();

    assertThatThrownBy(() -> call.accept(builder))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage(parameter + " must not be null");
  }

  @Test
  void null_unsets_the_database_settings_and_the_webhook() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl("jdbc:postgresql://db/s")
            .dbUser("app")
            .dbPassword("pw")
            .webhookUrl(URI.create("https://hooks.example.com/x"))
            .dbUrl(null)
            .dbUser(null)
            .dbPassword(null)
            .webhookUrl(null)
            .build();

    assertThat(config.dbUrl()).isNull();
    assertThat(config.dbUser()).isNull();
    assertThat(config.dbPassword()).isNull();
    assertThat(config.webhookUrl()).isNull();
  }

  @Test
  void a_heartbeat_timeout_not_longer_than_the_interval_is_rejected_at_build() {
    SchedulerConfig.Builder builder =
        SchedulerConfig.builder()
            .heartbeatInterval(Duration.ofSeconds(30))
            .heartbeatTimeout(Duration.ofSeconds(30));

    assertThatThrownBy(builder::build)
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(
            "heartbeatTimeout (PT30S) must be longer than heartbeatInterval (PT30S)");
  }

  @Test
  void a_rejected_value_leaves_the_previous_value_in_place() {
    SchedulerConfig.Builder builder = SchedulerConfig.builder().maxConcurrentRuns(4);

    assertThatThrownBy(() -> builder.maxConcurrentRuns(0)).isInstanceOf(SchedulerException.class);

    assertThat(builder.build().maxConcurrentRuns()).isEqualTo(4);
  }

  @Test
  void a_lock_backend_name_is_stripped_and_lower_cased() {
    SchedulerConfig config = SchedulerConfig.builder().lockBackend("  Redis ").build();

    assertThat(config.lockBackendName()).isEqualTo("redis");
    assertThat(config.lockBackend()).isNull();
  }

  @Test
  void a_lock_backend_instance_is_kept_and_gives_the_name() {
    NamedBackend backend = new NamedBackend("custom");

    SchedulerConfig config =
        SchedulerConfig.builder().distributed(true).lockBackend(backend).build();

    assertThat(config.lockBackend()).isSameAs(backend);
    assertThat(config.lockBackendName()).isEqualTo("custom");
  }

  @Test
  void a_lock_backend_name_set_later_forgets_the_instance() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .distributed(true)
            .lockBackend(new NamedBackend("custom"))
            .lockBackend("file")
            .build();

    assertThat(config.lockBackend()).isNull();
    assertThat(config.lockBackendName()).isEqualTo("file");
  }

  @Test
  void build_rejects_a_lock_backend_instance_when_not_distributed() {
    SchedulerConfig.Builder builder =
        SchedulerConfig.builder().lockBackend(new NamedBackend("custom"));

    assertThatThrownBy(builder::build)
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessage(
            "lockBackend was given an instance ('custom') but distributed is false, so it would"
                + " never be used; call distributed(true) or drop the lockBackend");
  }

  @Test
  void build_rejects_webhook_on_success_without_a_webhook_url() {
    SchedulerConfig.Builder builder = SchedulerConfig.builder().webhookOnSuccess(true);

    assertThatThrownBy(builder::build)
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessageContaining("webhookOnSuccess is true but no webhookUrl is set");
  }

  @Test
  void a_database_user_without_a_url_is_accepted() {
    SchedulerConfig config = SchedulerConfig.builder().dbUser("app").dbPassword("pw").build();

    assertThat(config.dbUser()).isEqualTo("app");
    assertThat(config.dbUrl()).isNull();
  }

  @Test
  void a_rejected_url_is_quoted_with_its_password_masked() {
    SchedulerConfig.Builder builder = SchedulerConfig.builder();

    assertThatThrownBy(() -> builder.redisUrl("tcp://:s3cret@cache:6379"))
        .hasMessageEndingWith("was 'tcp://:***@cache:6379'")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void limits_accept_their_boundaries() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .maxConcurrentRuns(1)
            .fireAllLimit(1)
            .historyLimitPerSchedule(1)
            .outputLimitBytes(1)
            .failureRateThreshold(0.0)
            .misfireGrace(Duration.ZERO)
            .shutdownGrace(Duration.ZERO)
            .historyRetention(Duration.ofMillis(1))
            .webhookUrl(URI.create("HTTP://hooks.example.com"))
            .redisUrl("REDIS://cache")
            .dbUrl("JDBC:sqlite:/tmp/x.db")
            .build();

    assertThat(config.failureRateThreshold()).isZero();
    assertThat(config.historyRetention()).isEqualTo(Duration.ofMillis(1));
  }

  private record NamedBackend(String name) implements LockBackend {
    @Override
    public Optional<SlotLock> tryClaim(SlotClaim claim) {
      return Optional.empty();
    }
  }
}
