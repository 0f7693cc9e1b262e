package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleStoreProvider;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.spi.Secrets;
import io.pipelinescheduler.spi.StoredJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A scheduler's database (SQLite file or JDBC URL), read and written through the store of {@code
 * scheduler-persistence}: what the scheduler itself would read and write. Schedules are created
 * through a {@link PipelineScheduler} that is never started (so they are validated exactly as the
 * scheduler does); running schedulers pick the changes up at their next refresh. Running and
 * cancelling need a running scheduler and are refused here. Definitions are shown as stored, not
 * masked: whoever can open the database can read them anyway.
 */
final class DatabaseBackend implements Backend {
  private final SchedulerConfig config;
  private final String where;
  private ScheduleStore store;

  /**
   * @param db a SQLite file that exists, or a JDBC URL
   * @param user the database user for a JDBC URL, or null
   * @param password its password, or null
   */
  DatabaseBackend(String db, String user, String password) {
    SchedulerConfig.Builder builder = SchedulerConfig.builder();
    if (db.regionMatches(true, 0, "jdbc:", 0, 5)) {
      builder.dbUrl(db).dbUser(user).dbPassword(password);
      where = "'" + Secrets.maskUrl(db) + "'";
    } else {
      Path file = Path.of(db);
      if (!Files.isRegularFile(file)) {
        throw new CliException(
            ExitCode.UNREACHABLE,
            "--db '" + db + "': no such SQLite file (a scheduler creates it)");
      }
      builder.dbPath(file);
      where = "'" + db + "'";
    }
    config = builder.build();
  }

  /** The store, opened at the first call that needs it (imports and refusals need none). */
  private ScheduleStore store() {
    if (store == null) {
      ScheduleStoreProvider provider =
          ServiceLoader.load(ScheduleStoreProvider.class)
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("no ScheduleStoreProvider on the class path"));
      try {
        store = provider.create(config);
      } catch (SchedulerException e) {
        throw new CliException(
            ExitCode.UNREACHABLE, "cannot open the database " + where + ": " + e.getMessage());
      }
    }
    return store;
  }

  @Override
  public List<JsonNode> schedules() {
    List<StoredSchedule> schedules = store().findSchedules();
    Map<String, ExecutionRecord> latest =
        store().findLatestRuns(schedules.stream().map(StoredSchedule::name).toList());
    return schedules.stream()
        .map(s -> Json.tree(RecordJson.schedule(s, latest.get(s.name()))))
        .toList();
  }

  @Override
  public JsonNode schedule(String name) {
    StoredSchedule schedule = require(name);
    ExecutionRecord latest = store().findHistory(name, 1).stream().findFirst().orElse(null);
    return Json.tree(RecordJson.schedule(schedule, latest));
  }

  @Override
  public List<JsonNode> history(String name, int limit) {
    List<ExecutionRecord> runs = store().findHistory(name, limit);
    if (runs.isEmpty()) {
      require(name);
    }
    return runs.stream().map(run -> Json.tree(RecordJson.run(run, false))).toList();
  }

  @Override
  public JsonNode startRun(String name) {
    throw needsServer("run");
  }

  @Override
  public JsonNode run(String runId) {
    return store()
        .findRun(runId)
        .map(run -> Json.tree(RecordJson.run(run, true)))
        .orElseThrow(() -> new CliException(ExitCode.NOT_FOUND, "unknown run '" + runId + "'"));
  }

  @Override
  public void cancel(String runId) {
    throw needsServer("cancel");
  }

  @Override
  public JsonNode setEnabled(String name, boolean enabled) {
    requireDataDefined(name, enabled ? "enable" : "disable");
    store().setEnabled(name, enabled);
    return schedule(name);
  }

  @Override
  public void delete(String name) {
    requireDataDefined(name, "delete");
    store().deleteSchedule(name);
  }

  @Override
  public String export() {
    return StoredJson.exportDefinitions(
        store().findDefinedSchedules().stream()
            .map(s -> new StoredJson.Entry(s.name(), s.definition()))
            .toList());
  }

  @Override
  public List<String> importSchedules(String json) {
    String array = json.strip().startsWith("{") ? "[" + json + "]" : json;
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      return scheduler.importSchedules(array).stream().map(ScheduleInfo::name).toList();
    } catch (InvalidScheduleException e) {
      throw new CliException(ExitCode.ERROR, e.getMessage());
    } catch (SchedulerException e) {
      throw new CliException(ExitCode.ERROR, "cannot import into " + where + ": " + e.getMessage());
    }
  }

  @Override
  public HealthReport health() {
    try {
      store().ping();
    } catch (SchedulerException e) {
      throw new CliException(ExitCode.UNREACHABLE, e.getMessage());
    }
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("status", "REACHABLE");
    body.put("store", store().name());
    body.put("schedules", store().findSchedules().size());
    body.put("details", store().healthDetails());
    return new HealthReport(Json.tree(body), false);
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }

  private StoredSchedule require(String name) {
    return store()
        .findSchedule(name)
        .orElseThrow(
            () ->
                new CliException(
                    ExitCode.NOT_FOUND, "unknown schedule '" + name + "' in " + where));
  }

  private void requireDataDefined(String name, String command) {
    if (require(name).definition() == null) {
      throw new CliException(
          ExitCode.ERROR,
          "schedule '"
              + name
              + "' is defined in code; '"
              + command
              + "' on the database changes only data-defined schedules: use the REST API (--url)");
    }
  }

  private CliException needsServer(String command) {
    return new CliException(
        ExitCode.USAGE,
        "'"
            + command
            + "' needs a running scheduler: give its REST API with --url (or SCHEDULER_URL)"
            + " instead of --db");
  }
}
