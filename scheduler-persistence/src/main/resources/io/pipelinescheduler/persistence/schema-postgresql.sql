-- pipeline-scheduler store, schema version 4, PostgreSQL.
-- The store creates this schema itself on first start; teams that manage schemas themselves can
-- apply this file instead (the store then only validates it).
-- Instants are BIGINT microseconds since 1970-01-01T00:00:00Z (UTC); durations are microseconds.
-- Every statement ends with a semicolon at the end of a line.

CREATE TABLE IF NOT EXISTS ps_schema_version (
  version INTEGER NOT NULL PRIMARY KEY,
  installed_at BIGINT NOT NULL,
  description VARCHAR(200) NOT NULL
);

-- One row per schedule. A data-defined schedule (one with a command, a job_type or a definition)
-- can be read and edited here in plain SQL: schedule_type, spec, time_of_day (HH:mm), start_date
-- (YYYY-MM-DD), zone_id (NULL: the scheduler's zone), command and arguments (or job_type), enabled;
-- definition (JSON) holds the rest, and what the scheduler last wrote (see docs/persistence.md).
-- The readable columns came with schema version 3.
CREATE TABLE IF NOT EXISTS ps_schedules (
  name VARCHAR(255) NOT NULL PRIMARY KEY,
  schedule_type VARCHAR(32) NOT NULL,
  spec TEXT,
  zone_id VARCHAR(64),
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  anchor_at BIGINT,
  last_slot_at BIGINT,
  next_run_at BIGINT,
  definition TEXT,
  version BIGINT NOT NULL DEFAULT 0,
  time_of_day VARCHAR(16),
  start_date VARCHAR(16),
  command TEXT,
  arguments TEXT,
  job_type VARCHAR(255)
);

-- fence_slot_at is the slot for scheduled, retry and catch-up runs and NULL for manual runs:
-- ps_runs_fence makes (schedule, slot, attempt) unique for the former, while NULLs never collide.
CREATE TABLE IF NOT EXISTS ps_runs (
  run_id VARCHAR(100) NOT NULL PRIMARY KEY,
  schedule_name VARCHAR(255) NOT NULL,
  scheduled_at BIGINT,
  fence_slot_at BIGINT,
  attempt INTEGER NOT NULL,
  run_trigger VARCHAR(16) NOT NULL,
  status VARCHAR(16) NOT NULL,
  success BOOLEAN NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  duration_us BIGINT NOT NULL,
  error TEXT,
  output TEXT NOT NULL,
  node VARCHAR(255),
  heartbeat_at BIGINT,
  -- the step outcomes of a pipeline run as a JSON array, NULL for other jobs (schema version 4)
  steps TEXT
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
  instance_id VARCHAR(255) NOT NULL PRIMARY KEY,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  job_types TEXT NOT NULL,
  code_digest VARCHAR(64) NOT NULL
);

-- schedules created, changed, switched or removed, by anyone, are announced on the channel
-- ps_schedule_changes with their name; the instances LISTEN to it (schema version 2). Only what
-- another instance acts on is announced: a data-defined schedule (with a definition, a command
-- or a job_type) created,
-- removed or changed, and any schedule switched on or off. A code-defined schedule saved again
-- by the instances that register it, or slots written, are not.
CREATE OR REPLACE FUNCTION ps_schedule_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('ps_schedule_changes', CASE WHEN TG_OP = 'DELETE' THEN OLD.name ELSE NEW.name END); RETURN NULL; END $$;
DROP TRIGGER IF EXISTS ps_schedules_changed ON ps_schedules;
DROP TRIGGER IF EXISTS ps_schedules_inserted ON ps_schedules;
CREATE TRIGGER ps_schedules_inserted AFTER INSERT ON ps_schedules FOR EACH ROW WHEN (NEW.definition IS NOT NULL OR NEW.command IS NOT NULL OR NEW.job_type IS NOT NULL) EXECUTE FUNCTION ps_schedule_changed();
DROP TRIGGER IF EXISTS ps_schedules_updated ON ps_schedules;
CREATE TRIGGER ps_schedules_updated AFTER UPDATE ON ps_schedules FOR EACH ROW WHEN (OLD.enabled IS DISTINCT FROM NEW.enabled OR ((OLD.definition IS NOT NULL OR OLD.command IS NOT NULL OR OLD.job_type IS NOT NULL OR NEW.definition IS NOT NULL OR NEW.command IS NOT NULL OR NEW.job_type IS NOT NULL) AND (OLD.schedule_type IS DISTINCT FROM NEW.schedule_type OR OLD.spec IS DISTINCT FROM NEW.spec OR OLD.zone_id IS DISTINCT FROM NEW.zone_id OR OLD.definition IS DISTINCT FROM NEW.definition OR OLD.time_of_day IS DISTINCT FROM NEW.time_of_day OR OLD.start_date IS DISTINCT FROM NEW.start_date OR OLD.command IS DISTINCT FROM NEW.command OR OLD.arguments IS DISTINCT FROM NEW.arguments OR OLD.job_type IS DISTINCT FROM NEW.job_type))) EXECUTE FUNCTION ps_schedule_changed();
DROP TRIGGER IF EXISTS ps_schedules_deleted ON ps_schedules;
CREATE TRIGGER ps_schedules_deleted AFTER DELETE ON ps_schedules FOR EACH ROW WHEN (OLD.definition IS NOT NULL OR OLD.command IS NOT NULL OR OLD.job_type IS NOT NULL) EXECUTE FUNCTION ps_schedule_changed();

-- claims of the 'database' lock backend, one row per slot key (schedule|slot ms|attempt) (schema
-- version 2).
-- expires_at: when the claim stops blocking the slot by the claimant's clock (microseconds);
-- lease_until: the same by the database's clock, renewed while running, so that the claim of a
-- dead holder runs out; rows whose lease ran out are deleted in small batches.
CREATE TABLE IF NOT EXISTS ps_claims (
  claim_key VARCHAR(600) NOT NULL PRIMARY KEY,
  owner VARCHAR(255) NOT NULL,
  running BOOLEAN NOT NULL,
  expires_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL
);

-- claims whose lease ran out, oldest first
CREATE INDEX IF NOT EXISTS ps_claims_lease ON ps_claims (lease_until);
