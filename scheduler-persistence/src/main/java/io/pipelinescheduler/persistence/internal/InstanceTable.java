package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.StoredInstance;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The operations on {@code ps_instances}, the table of instances sharing the database (JDBC). */
public final class InstanceTable {
  private static final String UPSERT =
      "INSERT INTO ps_instances (instance_id, started_at, heartbeat_at, job_types, code_digest)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (instance_id) DO UPDATE SET"
          + " started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at,"
          + " job_types = excluded.job_types, code_digest = excluded.code_digest";

  private final StoreCalls calls;

  InstanceTable(StoreCalls calls) {
    this.calls = calls;
  }

  public void heartbeat(StoredInstance instance) {
    calls.writeJdbc(
        "writing the heartbeat of instance '" + instance.instanceId() + "'",
        false,
        connection -> {
          try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setString(1, instance.instanceId());
            upsert.setLong(2, Micros.of(instance.startedAt()));
            upsert.setLong(3, Micros.of(instance.heartbeatAt()));
            // Job type names hold no control characters: one per line.
            upsert.setString(4, String.join("\n", instance.jobTypes()));
            upsert.setString(5, instance.codeDigest());
            return upsert.executeUpdate();
          }
        });
  }

  public List<StoredInstance> findAll() {
    return calls.readJdbc(
        "reading the instances",
        connection -> {
          List<StoredInstance> found = new ArrayList<>();
          try (PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT instance_id, started_at, heartbeat_at, job_types, code_digest"
                          + " FROM ps_instances");
              ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              String types = rows.getString("job_types");
              found.add(
                  new StoredInstance(
                      rows.getString("instance_id"),
                      Micros.toInstant(rows.getLong("started_at")),
                      Micros.toInstant(rows.getLong("heartbeat_at")),
                      types.isEmpty() ? List.of() : Arrays.asList(types.split("\n")),
                      rows.getString("code_digest")));
            }
          }
          return found;
        });
  }

  public void remove(String instanceId) {
    calls.writeJdbc(
        "removing instance '" + instanceId + "'",
        false,
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM ps_instances WHERE instance_id = ?")) {
            delete.setString(1, instanceId);
            return delete.executeUpdate();
          }
        });
  }
}
