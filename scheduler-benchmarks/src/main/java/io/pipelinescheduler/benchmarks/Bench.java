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
          contender == Contender.OURS_SQLITE
              ? scratch.resolve("bench-" + files.incrementAndGet() + ".db")
              : null;
    }

    /** The contender as one instance, reporting to {@code sink}. */
    Subject subject(RunSink sink, String instanceId) {
      int threads = sizes.threads();
      return switch (contender) {
        case OURS_MEMORY -> OursSubject.memory(threads, sink);
        case OURS_SQLITE -> OursSubject.sqlite(threads, sqliteFile, sink);
        case OURS_POSTGRES -> OursSubject.postgres(threads, jdbcUrl, sink);
        case OURS_CLUSTER -> OursSubject.cluster(threads, jdbcUrl, redis().url(), instanceId, sink);
        case QUARTZ_RAM -> QuartzSubject.ram(threads, sink);
        case QUARTZ_JDBC -> QuartzSubject.jdbc(threads, jdbcUrl, instanceId, sink);
        case DBS_FETCH, DBS_LOCK_AND_FETCH ->
            new DbSchedulerSubject(contender, threads, jdbcUrl, instanceId, sink);
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
      if (contender == Contender.OURS_CLUSTER) {
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
