package io.pipelinescheduler.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/**
 * Quartz's connection provider for the benchmarks: the same HikariCP pool and driver the other
 * contenders use. Quartz creates it from {@code
 * org.quartz.dataSource.bench.connectionProvider.class} and sets {@code url} and {@code
 * maxConnections} from the properties.
 */
public final class QuartzConnections implements ConnectionProvider {
  private String url;
  private int maxConnections = 10;
  private HikariDataSource pool;

  /** For Quartz. */
  public QuartzConnections() {}

  /** The JDBC URL (with its schema). */
  public void setUrl(String url) {
    this.url = url;
  }

  /** The pool's size. */
  public void setMaxConnections(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  @Override
  public void initialize() {
    pool = Postgres.pool(url, maxConnections, "quartz");
  }

  @Override
  public Connection getConnection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void shutdown() {
    pool.close();
  }
}
