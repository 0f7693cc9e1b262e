package io.pipelinescheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.http.TestServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Schedules that run commands can be defined over HTTP only when the server allows it. */
class CommandJobsOverHttpTest {
  private static final String COMMAND =
      """
      {"name": "rb", "definition": {"timing": {"kind": "manual"},
        "job": {"kind": "command", "program": "sh", "arguments": ["-c", "echo rce"]}}}
      """;
  private static final String PIPELINE =
      """
      {"name": "etl", "definition": {"timing": {"kind": "manual"},
        "job": {"kind": "pipeline", "name": "etl", "steps": [
          {"name": "extract", "job": {"program": "true"}}]}}}
      """;
  private static final String JOB_TYPE =
      """
      {"name": "invoice", "definition": {"timing": {"kind": "manual"},
        "job": {"kind": "jobType", "jobType": "send-invoice", "params": {"id": 42}}}}
      """;

  private TestServer t = new TestServer();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void by_default_a_command_or_pipeline_schedule_is_refused_with_403_naming_it() {
    Reply command = t.post("/api/schedules", COMMAND);
    Reply pipeline = t.post("/api/schedules", PIPELINE);

    assertThat(command.status()).as(command.body()).isEqualTo(403);
    assertThat(command.error())
        .isEqualTo(
            "schedule 'rb': defining a job of kind 'command' over HTTP is switched off, since it"
                + " runs a program on this machine; define it in Java code, or start the server"
                + " with SchedulerHttpServer.builder(..).allowCommandJobs(true)");
    assertThat(pipeline.status()).isEqualTo(403);
    assertThat(pipeline.error()).startsWith("schedule 'etl': defining a job of kind 'pipeline'");
    assertThat(t.scheduler.listSchedules()).isEmpty();
  }

  @Test
  void an_import_with_one_command_among_job_types_stores_nothing() {
    t.scheduler.registerJobType("send-invoice", (ctx, params) -> {});

    Reply reply = t.post("/api/schedules", "[" + JOB_TYPE + "," + COMMAND + "]");

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.error()).startsWith("schedule 'rb': ");
    assertThat(t.scheduler.listSchedules()).isEmpty();
  }

  @Test
  void a_command_schedule_defined_in_java_cannot_be_replaced_over_http() {
    t.scheduler.schedule("rb").manual().run(CommandJob.of("true"));

    Reply reply = t.post("/api/schedules", COMMAND);

    assertThat(reply.status()).isEqualTo(403);
    assertThat(t.scheduler.exportSchedules()).doesNotContain("echo rce");
  }

  @Test
  void job_types_are_allowed_by_default() {
    t.scheduler.registerJobType("send-invoice", (ctx, params) -> {});

    Reply reply = t.post("/api/schedules", JOB_TYPE);

    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    assertThat(t.scheduler.getSchedule("invoice")).isPresent();
  }

  @Test
  void with_allow_command_jobs_commands_and_pipelines_are_accepted() {
    t.close();
    t = new TestServer(builder -> builder.allowCommandJobs(true));

    Reply reply = t.post("/api/schedules", "[" + COMMAND + "," + PIPELINE + "]");

    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    assertThat(t.scheduler.listSchedules()).hasSize(2);
  }
}
