package io.pipelinescheduler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.internal.config.InstanceIds;
import io.pipelinescheduler.spi.Secrets;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceIdsAndSecretsTest {

  @Test
  void instance_id_uses_the_local_host_name_and_pid() {
    String id = InstanceIds.compute(() -> "myhost", Map.of("HOSTNAME", "other"), 12345);

    assertThat(id).isEqualTo("myhost-12345");
  }

  @Test
  void instance_id_falls_back_to_the_hostname_variable_when_the_lookup_fails() {
    String id =
        InstanceIds.compute(
            () -> {
              throw new UnknownHostException("myhost: Name or service not known");
            },
            Map.of("HOSTNAME", "container-7"),
            42);

    assertThat(id).isEqualTo("container-7-42");
  }

  @Test
  void instance_id_falls_back_to_computername_then_localhost() {
    assertThat(InstanceIds.compute(() -> " ", Map.of("COMPUTERNAME", "WINBOX"), 1))
        .isEqualTo("WINBOX-1");
    assertThat(InstanceIds.compute(() -> null, Map.of(), 2)).isEqualTo("localhost-2");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "redis://:pw@cache:6379, redis://:***@cache:6379",
    "redis://user:pw@cache:6379/0, redis://user:***@cache:6379/0",
    "redis://cache:6379, redis://cache:6379",
    "jdbc:postgresql://db/s?user=a&password=pw&ssl=true,"
        + " jdbc:postgresql://db/s?user=a&password=***&ssl=true",
    "jdbc:sqlserver://db;user=a;Password=pw;encrypt=true,"
        + " jdbc:sqlserver://db;user=a;Password=***;encrypt=true",
    "https://h.example.com/x?token=abc, https://h.example.com/x?token=***",
  })
  void url_passwords_are_masked(String url, String masked) {
    assertThat(Secrets.maskUrl(url)).isEqualTo(masked);
  }

  @Test
  void a_webhook_shows_only_scheme_host_and_port() {
    assertThat(Secrets.maskWebhook(URI.create("https://hooks.slack.com/services/T/B/x")))
        .isEqualTo("https://hooks.slack.com/***");
    assertThat(Secrets.maskWebhook(URI.create("http://localhost:8080")))
        .isEqualTo("http://localhost:8080");
  }
}
