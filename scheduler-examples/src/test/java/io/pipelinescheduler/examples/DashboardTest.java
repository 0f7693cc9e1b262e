package io.pipelinescheduler.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard example, run as a user runs it: its page and API answer, Enter stops it. */
class DashboardTest {
  private static final Pattern DASHBOARD =
      Pattern.compile("dashboard: (http://[^/]+/)\\?token=(\\S+)");

  @TempDir Path workDir;

  @Test
  void serves_the_dashboard_and_an_api_that_shows_the_three_schedules_until_enter_is_pressed()
      throws Exception {
    ExampleProcess.Running example =
        ExampleProcess.start(workDir, Dashboard.class, environment -> {});
    Matcher printed =
        await()
            .atMost(ExampleProcess.LIMIT)
            .until(() -> DASHBOARD.matcher(example.output()), Matcher::find);
    URI base = URI.create(printed.group(1));
    String token = printed.group(2);
    HttpClient client = HttpClient.newHttpClient();

    HttpResponse<String> page =
        client.send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> schedules =
        client.send(
            HttpRequest.newBuilder(base.resolve("api/schedules")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> disabled =
        client.send(
            HttpRequest.newBuilder(base.resolve("api/schedules/nightly-report/disable"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    ExampleProcess.Result result = example.stop();

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<html");
    assertThat(schedules.statusCode()).isEqualTo(200);
    assertThat(schedules.body())
        .contains("\"import-orders\"", "\"send-invoices\"", "\"nightly-report\"")
        .contains("SUCCEEDED", "FAILED");
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    assertThat(disabled.body()).contains("\"enabled\":false");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("press Enter to stop", "stopped");
    assertThat(result.leftInTempDirectory()).doesNotContain("dashboard-example.token");
  }
}
