-- pipeline-scheduler store, schema version 3, SQLite.
-- The store creates this schema itself on first start; teams that manage schemas themselves can
-- apply this file instead (the store then only validates it).
-- Instants are INTEGER microseconds since 1970-01-01T00:00:00Z (UTC); durations are microseconds.
-- Every statement ends with a semicolon at the end of a line.

CREATE TABLE IF NOT EXISTS ps_schema_version (
  version INTEGER NOT NULL PRIMARY KEY,
  installed_at INTEGER NOT NULL,
  description TEXT NOT NULL
);

-- One row per schedule. A data-defined schedule (one with a command, a job_type or a definition)
-- can be read and edited here in plain SQL: schedule_type, spec, time_of_day (HH:mm), start_date
-- (YYYY-MM-DD), zone_id (NULL: the scheduler's zone), command and arguments (or job_type), enabled;
-- definition (JSON) holds the rest, and what the scheduler last wrote (see docs/persistence.md).
-- The readable columns came with schema version 3.
CREATE TABLE IF NOT EXISTS ps_schedules (
  name TEXT NOT NULL PRIMARY KEY,
  schedule_type TEXT NOT NULL,
  spec TEXT,
  zone_id TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  anchor_at INTEGER,
  last_slot_at INTEGER,
  next_run_at INTEGER,
  definition TEXT,
  version INTEGER NOT NULL DEFAULT 0,
  time_of_day TEXT,
  start_date TEXT,
  command TEXT,
  arguments TEXT,
  job_type TEXT
);

-- fence_slot_at is the slot for scheduled, retry and catch-up runs and NULL for manual runs:
-- ps_runs_fence makes (schedule, slot, attempt) unique for the former, while NULLs never collide.
CREATE TABLE IF NOT EXISTS ps_runs (
  run_id TEXT NOT NULL PRIMARY KEY,
  schedule_name TEXT NOT NULL,
  scheduled_at INTEGER,
  fence_slot_at INTEGER,
  attempt INTEGER NOT NULL,
  run_trigger TEXT NOT NULL,
  status TEXT NOT NULL,
  success INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  duration_us INTEGER NOT NULL,
  error TEXT,
  output TEXT NOT NULL,
  node TEXT,
  heartbeat_at INTEGER
);

-- the final fence: one run per (schedule, slot, attempt)
CREATE UNIQUE INDEX IF NOT EXISTS ps_runs_fence ON ps_runs (schedule_name, fence_slot_at, attempt);
-- the history of a schedule, newest first
CREATE INDEX IF NOT EXISTS ps_runs_history ON ps_runs (schedule_name, started_at DESC);
-- running runs (and stale heartbeats among them)
CREATE INDEX IF NOT EXISTS ps_runs_status ON ps_runs (status, heartbeat_at);
-- retention: runs finished before a cutoff
CREATE INDEX IF NOT EXISTS ps_runs_finished ON ps_runs (finished_at);

-- the instances sharing this database: each writes its row at every heartbeat (schema version 2)
CREATE TABLE IF NOT EXISTS ps_instances (
  instance_id TEXT NOT NULL PRIMARY KEY,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL,
  job_types TEXT NOT NULL,
  code_digest TEXT NOT NULL
);

-- schedules created, changed, switched or removed, by anyone (the triggers below write it), read by
-- every instance a few times a second; rows older than an hour are deleted (schema version 2)
CREATE TABLE IF NOT EXISTS ps_schedule_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  changed_at INTEGER NOT NULL
);
-- Only what another instance acts on is written: a data-defined schedule (with a definition, a
-- command or a job_type) created, removed or changed, and any schedule switched on or off; not a code-defined schedule
-- saved again by the instances that register it, nor slots written.
DROP TRIGGER IF EXISTS ps_schedules_inserted;
CREATE TRIGGER ps_schedules_inserted AFTER INSERT ON ps_schedules WHEN NEW.definition IS NOT NULL OR NEW.command IS NOT NULL OR NEW.job_type IS NOT NULL BEGIN INSERT INTO ps_schedule_changes (name, changed_at) VALUES (NEW.name, CAST(strftime('%s', 'now') AS INTEGER) * 1000000); END;
DROP TRIGGER IF EXISTS ps_schedules_updated;
CREATE TRIGGER ps_schedules_updated AFTER UPDATE ON ps_schedules WHEN OLD.enabled IS NOT NEW.enabled OR ((OLD.definition IS NOT NULL OR OLD.command IS NOT NULL OR OLD.job_type IS NOT NULL OR NEW.definition IS NOT NULL OR NEW.command IS NOT NULL OR NEW.job_type IS NOT NULL) AND (OLD.schedule_type IS NOT NEW.schedule_type OR OLD.spec IS NOT NEW.spec OR OLD.zone_id IS NOT NEW.zone_id OR OLD.definition IS NOT NEW.definition OR OLD.time_of_day IS NOT NEW.time_of_day OR OLD.start_date IS NOT NEW.start_date OR OLD.command IS NOT NEW.command OR OLD.arguments IS NOT NEW.arguments OR OLD.job_type IS NOT NEW.job_type)) BEGIN INSERT INTO ps_schedule_changes (name, changed_at) VALUES (NEW.name, CAST(strftime('%s', 'now') AS INTEGER) * 1000000); END;
DROP TRIGGER IF EXISTS ps_schedules_deleted;
CREATE TRIGGER ps_schedules_deleted AFTER DELETE ON ps_schedules WHEN OLD.definition IS NOT NULL OR OLD.command IS NOT NULL OR OLD.job_type IS NOT NULL BEGIN INSERT INTO ps_schedule_changes (name, changed_at) VALUES (OLD.name, CAST(strftime('%s', 'now') AS INTEGER) * 1000000); END;

-- claims of the 'database' lock backend, one row per slot key (schedule|slot ms|attempt) (schema
-- version 2).
-- expires_at: when the claim stops blocking the slot by the claimant's clock (microseconds);
-- lease_until: the same by the database's clock, renewed while running, so that the claim of a
-- dead holder runs out; rows whose lease ran out are deleted in small batches.
CREATE TABLE IF NOT EXISTS ps_claims (
  claim_key TEXT NOT NULL PRIMARY KEY,
  owner TEXT NOT NULL,
  running INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL
);

-- claims whose lease ran out, oldest first
CREATE INDEX IF NOT EXISTS ps_claims_lease ON ps_claims (lease_until);
