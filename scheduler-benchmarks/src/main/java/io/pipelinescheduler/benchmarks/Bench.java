package io.pipelinescheduler.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** What every workload shares: the sizes, the servers, a scratch directory and the results. */
final class Bench implements AutoCloseable {
  final Sizes sizes;
  final Results results = new Results();
  final Path scratch;
  private final AtomicInteger files = new AtomicInteger();
  private Postgres postgres;
  private Redis redis;

  Bench(Sizes sizes) {
    this.sizes = sizes;
    try {
      this.scratch = Files.createTempDirectory("pipeline-scheduler-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized Postgres postgres() {
    if (postgres == null) {
      postgres = Postgres.start();
    }
    return postgres;
  }

  synchronized Redis redis() {
    if (redis == null) {
      redis = Redis.start();
    }
    return redis;
  }

  /** Where a contender keeps its data in one run; cleaned up at close. */
  final class Env implements AutoCloseable {
    final Contender contender;
    final String jdbcUrl;
    final Path sqliteFile;

    /** The lock directory the instances of a {@code file}-backend cluster share; else null. */
    final Path lockDirectory;

    private Env(Contender contender) {
      this.contender = contender;
      if (contender.usesPostgres()) {
        jdbcUrl = postgres().newSchemaUrl(contender.name().toLowerCase());
        if (contender == Contender.QUARTZ_JDBC) {
          Postgres.runScript(jdbcUrl, "org/quartz/impl/jdbcjobstore/tables_postgres.sql");
        } else if (contender == Contender.DBS_FETCH || contender == Contender.DBS_LOCK_AND_FETCH) {
          Postgres.runScript(jdbcUrl, DbSchedulerSubject.TABLES);
        }
      } else {
        jdbcUrl = null;
      }
      sqliteFile =
          contender.usesSqlite()
              ? scratch.resolve("bench-" + files.incrementAndGet() + ".db")
              : null;
      lockDirectory =
          "file".equals(contender.lockBackend)
              ? scratch.resolve("locks-" + files.incrementAndGet())
              : null;
    }

    /**
     * The store a cluster's instances share: the PostgreSQL schema's URL, or {@code jdbc:sqlite:}
     * and the SQLite file.
     */
    String storeUrl() {
      return jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + sqliteFile.toAbsolutePath();
    }

    /**
     * What an instance of our cluster needs besides the store (see {@link OursSubject#cluster}).
     */
    String lockTarget() {
      if (contender.usesRedis()) {
        return redis().url();
      }
      return lockDirectory != null ? lockDirectory.toAbsolutePath().toString() : "-";
    }

    /** The contender as one instance, reporting to {@code sink}. */
    Subject subject(RunSink sink, String instanceId) {
      int threads = sizes.threads();
      return switch (contender) {
        case OURS_MEMORY -> OursSubject.memory(threads, sink);
        case OURS_SQLITE -> OursSubject.sqlite(threads, sqliteFile, sink);
        case OURS_POSTGRES -> OursSubject.postgres(threads, jdbcUrl, sink);
        case OURS_CLUSTER,
            OURS_CLUSTER_DB,
            OURS_CREATOR_REDIS,
            OURS_CREATOR_DB,
            OURS_SQLITE_SHARED ->
            OursSubject.cluster(
                contender, threads, storeUrl(), lockTarget(), instanceId, true, sink);
        case QUARTZ_RAM -> QuartzSubject.ram(threads, sink);
        case QUARTZ_JDBC -> QuartzSubject.jdbc(threads, jdbcUrl, instanceId, sink);
        case DBS_FETCH, DBS_LOCK_AND_FETCH ->
            new DbSchedulerSubject(contender, threads, jdbcUrl, instanceId, sink);
        case JDK_EXECUTOR -> new JdkSubject(threads, sink);
      };
    }

    @Override
    public void close() {
      if (jdbcUrl != null) {
        postgres().dropSchema(jdbcUrl);
      }
      if (sqliteFile != null) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
          try {
            Files.deleteIfExists(Path.of(sqliteFile + suffix));
          } catch (IOException e) {
            // left in the scratch directory
          }
        }
      }
      if (contender.usesRedis()) {
        redis().flushAll();
      }
    }
  }

  Env env(Contender contender) {
    return new Env(contender);
  }

  static void log(String format, Object... args) {
    System.out.printf(
        "%tT %s%n", System.currentTimeMillis(), String.format(java.util.Locale.ROOT, format, args));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    // Instances' standard error is kept when it says anything (the directory is then kept too).
    try (var paths = Files.walk(scratch)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .filter(p -> !(p.toString().endsWith(".err") && p.toFile().length() > 0))
          .forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left for the OS to clean
    }
  }
}
