package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a store in a JVM without an SLF4J binding (no logback on the class path), where Hibernate
 * logs through JBoss Logging to {@code java.util.logging}: its start-up lines stay off unless asked
 * for. With logback and the examples' {@code logback.xml}, a start-up is the scheduler's own few
 * lines.
 */
class QuietStartupTest {
  @TempDir Path directory;

  @Test
  void without_an_slf4j_binding_opening_a_store_prints_no_hibernate_or_hikari_lines()
      throws Exception {
    List<String> lines = openInChild(directory.resolve("quiet.db"));

    assertThat(lines).contains("opened");
    assertThat(lines)
        .noneMatch(line -> line.contains("HHH") || line.contains("org.hibernate"))
        .noneMatch(line -> line.contains("Hikari"));
  }

  @Test
  void asked_for_hibernate_logging_still_reaches_jul() throws Exception {
    List<String> lines =
        openInChild(directory.resolve("loud.db"), "-Dpipeline.scheduler.hibernate.logging=true");

    assertThat(lines).contains("opened").anyMatch(line -> line.contains("HHH"));
  }

  @Test
  void with_logback_and_the_examples_configuration_create_and_start_log_only_our_start_lines()
      throws Exception {
    Path examplesConfig =
        Path.of("..", "scheduler-examples", "src", "main", "resources", "logback.xml")
            .toAbsolutePath()
            .normalize();

    List<String> lines =
        runInChild(
            StartSchedulerMain.class,
            directory.resolve("examples.db"),
            true,
            "-Dlogback.configurationFile=" + examplesConfig);

    assertThat(lines).contains("started");
    List<String> logged = lines.stream().filter(line -> !line.equals("started")).toList();
    assertThat(logged)
        .hasSizeLessThanOrEqualTo(3)
        .noneMatch(line -> line.contains("HHH") || line.contains("org.hibernate"))
        .noneMatch(line -> line.contains("Hikari"));
    assertThat(logged).anyMatch(line -> line.contains("pipeline-scheduler store opened: "));
    assertThat(logged).anyMatch(line -> line.contains("pipeline-scheduler starting with 0"));
  }

  private static List<String> openInChild(Path file, String... jvmOptions)
      throws IOException, InterruptedException {
    return runInChild(OpenStoreMain.class, file, false, jvmOptions);
  }

  private static List<String> runInChild(
      Class<?> main, Path file, boolean withLogback, String... jvmOptions)
      throws IOException, InterruptedException {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> withLogback || !entry.contains("logback"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    // await-boot: StartSchedulerMain waits for Hibernate's background boot, whose lines count too
    command.addAll(List.of("-cp", classPath, main.getName(), file.toString(), "await-boot"));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor()).as(output).isZero();
    return output.lines().collect(Collectors.toList());
  }
}
