package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** At INFO, {@code create()} + {@code start()} on a new SQLite file logs a handful of lines. */
class StartupLogLinesTest {
  @TempDir Path directory;

  @Test
  void create_and_start_log_the_store_the_schema_and_one_start_line_with_the_schedules() {
    Logger ours = (Logger) LoggerFactory.getLogger("io.pipelinescheduler");
    Level before = ours.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ours.addAppender(appender);
    ours.setLevel(Level.INFO);
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dbPath(directory.resolve("startup.db"))
                .meterRegistry(new SimpleMeterRegistry())
                .shutdownGrace(Duration.ofSeconds(1))
                .build())) {
      scheduler.schedule("nightly").hourly(0).run(context -> {});
      scheduler.schedule("on-demand").manual().run(context -> {});
      scheduler.start();
    } finally {
      ours.detachAppender(appender);
      ours.setLevel(before);
    }
    List<String> startLines =
        appender.list.stream()
            .filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
            .map(ILoggingEvent::getFormattedMessage)
            .takeWhile(message -> !message.contains("stopp"))
            .toList();

    assertThat(startLines).hasSizeLessThanOrEqualTo(3);
    assertThat(startLines.get(startLines.size() - 1))
        .startsWith("pipeline-scheduler starting with 2 schedules (0 stored ones not restored): ")
        .contains("SchedulerConfig");
    assertThat(startLines).anyMatch(line -> line.startsWith("pipeline-scheduler store opened: "));
  }
}
