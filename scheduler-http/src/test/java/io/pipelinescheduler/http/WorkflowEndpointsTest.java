package io.pipelinescheduler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.http.TestServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST side of workflows (issue 18, item 1): {@code after} and {@code ?downstream=false}. */
class WorkflowEndpointsTest {
  private final TestServer t = new TestServer();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void a_schedule_view_lists_what_it_runs_after() {
    t.scheduler.schedule("a").manual().run(ctx -> {});
    t.scheduler.schedule("b").manual().run(ctx -> {});
    t.scheduler.schedule("both").after("a", "b").run(ctx -> {});

    JsonNode both = t.get("/api/schedules/both").json();
    assertThat(both.path("type").asText()).isEqualTo("AFTER");
    assertThat(both.path("spec").asText()).isEqualTo("a, b");
    assertThat(both.path("description").asText()).isEqualTo("after a and b succeed");
    assertThat(both.path("after").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(t.get("/api/schedules/a").json().path("after").toString()).isEqualTo("[]");
  }

  @Test
  void run_now_with_downstream_false_runs_the_upstream_alone() throws Exception {
    t.scheduler.schedule("extract").manual().run(ctx -> {});
    t.scheduler.schedule("transform").after("extract").run(ctx -> {});

    Reply alone = t.post("/api/schedules/extract/run?downstream=false");
    assertThat(alone.status()).as(alone.body()).isEqualTo(202);
    String runId = alone.json().path("runId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> "SUCCEEDED".equals(t.get("/api/runs/" + runId).json().path("status").asText()));
    ExecutionRecord triggering = t.scheduler.runNow("extract").get(30, TimeUnit.SECONDS);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> finished(t.scheduler.getHistory("transform", 10)));
    List<ExecutionRecord> transform = t.scheduler.getHistory("transform", 10);
    assertThat(transform)
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.trigger()).isEqualTo(Trigger.UPSTREAM);
              assertThat(run.scheduledTime()).isAfterOrEqualTo(triggering.startedAt());
            });

    Reply bad = t.post("/api/schedules/extract/run?downstream=maybe");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("downstream is 'maybe'; expected true or false");
  }

  private static boolean finished(List<ExecutionRecord> runs) {
    return !runs.isEmpty() && runs.stream().allMatch(run -> run.status().isFinal());
  }
}
