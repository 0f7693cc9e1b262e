package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.SchedulerConfig;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PostgresScheduleStoreTest extends JpaScheduleStoreContract {
  private final PostgresServer server = PostgresServer.shared();
  private String url;

  // Made on first use: the contract's @BeforeEach opens the store before a subclass's would run.
  private String url() {
    if (url == null) {
      url = server.newSchemaUrl();
    }
    return url;
  }

  @Override
  protected SchedulerConfig config() {
    return SchedulerConfig.builder()
        .dbUrl(url())
        .dbUser(server.user())
        .dbPassword(server.password())
        .build();
  }

  @Override
  protected Connection connect() throws SQLException {
    return server.connect(url());
  }

  @Test
  void health_details_mask_a_password_given_in_the_url() {
    // the embedded server trusts local connections; an external one needs its real password
    String secret = server.password() != null ? server.password() : "s3cret-Pa55word";
    String withPassword = url() + "&password=" + secret;
    try (JpaScheduleStore other =
        JpaScheduleStore.open(
            SchedulerConfig.builder().dbUrl(withPassword).dbUser(server.user()).build())) {

      assertThat(other.healthDetails().get("url"))
          .asString()
          .contains("password=***")
          .doesNotContain(secret);
      assertThat(other.toString()).doesNotContain(secret);
    }
  }
}
