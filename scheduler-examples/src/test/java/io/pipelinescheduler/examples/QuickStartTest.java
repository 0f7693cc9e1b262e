package io.pipelinescheduler.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
  @TempDir Path workDir;

  @Test
  void the_quick_start_runs_in_its_own_process_on_the_sqlite_default_and_exits_zero()
      throws Exception {
    Path outputFile = workDir.resolve("out.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                QuickStart.class.getName())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(outputFile.toFile())
            .start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits within a minute").isTrue();
    String output = Files.readString(outputFile);

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("tick\n");
    assertThat(output).containsPattern("report: next 20\\d\\d-\\d\\d-\\d\\dT09:00.*, last -");
    assertThat(output).containsPattern("tick: next .*, last SUCCEEDED");
    assertThat(output).contains("minutely: next ");
    assertThat(workDir.resolve("pipeline-scheduler.db")).exists();
  }

  @Test
  void the_readme_quick_start_is_the_quick_start_example_line_for_line() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    List<String> example =
        Files.readAllLines(
            Path.of("src/main/java/io/pipelinescheduler/examples/QuickStart.java"),
            StandardCharsets.UTF_8);

    assertThat(readmeQuickStart(readme)).isEqualTo(exampleBody(example));
  }

  private static List<String> readmeQuickStart(List<String> readme) {
    int marker = indexOfContaining(readme, "<!-- quick-start", 0);
    int open = indexOfContaining(readme, "```java", marker);
    int close = indexOfContaining(readme, "```", open + 1);
    return readme.subList(open + 1, close);
  }

  private static List<String> exampleBody(List<String> source) {
    int start = indexOfContaining(source, "try (PipelineScheduler", 0);
    String indent = source.get(start).substring(0, source.get(start).indexOf("try"));
    List<String> body = new ArrayList<>();
    for (int i = start; i < source.size(); i++) {
      String line = source.get(i);
      body.add(line.startsWith(indent) ? line.substring(indent.length()) : line.strip());
      if (line.equals(indent + "}")) {
        break;
      }
    }
    return body;
  }

  private static int indexOfContaining(List<String> lines, String text, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no line containing '" + text + "' after line " + from);
  }
}
