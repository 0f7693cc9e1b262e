package io.pipelinescheduler.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.persistence.PostgresServer;
import org.junit.jupiter.api.Test;

/** The pools of a real PostgreSQL server. */
class ConnectionPoolsTest {

  @Test
  void a_postgresql_pool_opens_the_connections_start_uses_at_once_before_it_is_returned() {
    try (HikariDataSource pool = ConnectionPools.postgresql(newSchema(), 11)) {
      // Counted at once: the pool alone opens connections only one at a time, and later.
      assertThat(pool.getHikariPoolMXBean().getTotalConnections())
          .isEqualTo(ConnectionPools.POSTGRESQL_CONNECTIONS_AT_START);
      assertThat(pool.getHikariPoolMXBean().getIdleConnections())
          .isEqualTo(ConnectionPools.POSTGRESQL_CONNECTIONS_AT_START);
    }
  }

  @Test
  void a_small_postgresql_pool_opens_no_more_than_its_size() {
    try (HikariDataSource pool = ConnectionPools.postgresql(newSchema(), 2)) {
      assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(2);
    }
  }

  private static DatabaseTarget newSchema() {
    PostgresServer server = PostgresServer.shared();
    return DatabaseTarget.of(
        SchedulerConfig.builder()
            .dbUrl(server.newSchemaUrl("pools"))
            .dbUser(server.user())
            .dbPassword(server.password())
            .build());
  }
}
