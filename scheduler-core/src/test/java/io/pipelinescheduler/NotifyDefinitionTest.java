package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.testing.SettableClock;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 2: a schedule's own recipients, webhooks and outcomes are checked like every other
 * field, stored with its definition and carried by export and import.
 */
class NotifyDefinitionTest {
  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);

  @AfterEach
  void close() {
    scheduler.close();
  }

  private static String entry(String name, String notify) {
    return "[{\"name\": \""
        + name
        + "\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
        + " \"job\": {\"kind\": \"jobType\", \"jobType\": \"t\"}, \"notify\": "
        + notify
        + "}}]";
  }

  @Test
  void recipients_webhooks_and_outcomes_are_exported_and_imported_unchanged() {
    scheduler.registerJobType("t", (context, params) -> {});
    scheduler
        .schedule("billing")
        .daily(java.time.LocalTime.of(9, 0))
        .notifyEmail("billing@example.com")
        .notifyWebhook(URI.create("https://hooks.example.com/services/T0/B0/t0ken"))
        .notifyOn(NotifyOn.RECOVERY, NotifyOn.FAILURE)
        .run("t", Map.of());
    scheduler.schedule("plain").manual().run("t", Map.of());

    String json = scheduler.exportSchedules();
    scheduler.clear();
    scheduler.importSchedules(json);

    assertThat(json.replaceAll("\\s", ""))
        .contains(
            "\"notify\":{\"emails\":[\"billing@example.com\"],"
                + "\"webhooks\":[\"https://hooks.example.com/services/T0/B0/t0ken\"],"
                + "\"on\":[\"FAILURE\",\"RECOVERY\"]}");
    assertThat(json.indexOf("\"notify\"")).isEqualTo(json.lastIndexOf("\"notify\""));
    assertThat(scheduler.exportSchedules()).isEqualTo(json);
  }

  @Test
  void an_imported_notify_with_only_outcomes_gets_no_recipients_of_its_own() {
    scheduler.importSchedules(entry("quiet", "{\"on\": []}"));

    assertThat(scheduler.exportSchedules().replaceAll("\\s", ""))
        .contains("\"notify\":{\"emails\":[],\"webhooks\":[],\"on\":[]}");
  }

  @Test
  void an_imported_address_that_is_not_one_is_refused_naming_the_schedule_and_value() {
    assertThatThrownBy(() -> scheduler.importSchedules(entry("bad", "{\"emails\": [\"ops\"]}")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("bad")
        .hasMessageContaining("notifyEmail has 'ops'; expected an email address");
    assertThat(scheduler.listSchedules()).isEmpty();
  }

  @Test
  void an_unknown_notify_field_is_refused_with_its_path() {
    assertThatThrownBy(
            () -> scheduler.importSchedules(entry("typo", "{\"email\": [\"ops@example.com\"]}")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("unknown field 'notify.email'")
        .hasMessageContaining("expected one of emails, webhooks, on");
    assertThat(scheduler.listSchedules()).isEmpty();
  }

  @Test
  void the_builder_refuses_a_bad_address_or_webhook_at_once_without_showing_the_webhook_path() {
    ScheduleBuilder builder = scheduler.schedule("x").manual();

    assertThatThrownBy(() -> builder.notifyEmail("ops@example.com", "two@@example.com"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("notifyEmail has 'two@@example.com'");
    assertThatThrownBy(() -> builder.notifyWebhook(URI.create("ftp://hooks.example.com/s3cret")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("notifyWebhook has 'ftp://hooks.example.com/***'")
        .hasMessageNotContaining("s3cret");
  }
}
