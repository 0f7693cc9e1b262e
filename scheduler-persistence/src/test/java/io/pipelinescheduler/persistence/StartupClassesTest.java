package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code create()} + {@code start()} on a new SQLite file and Hibernate's boot (in the
 * background, awaited by the child) load, in a new JVM: not Byte Buddy (no bytecode provider), not
 * Jackson (no JSON format mapper), not HQL's parser (the start-up reads are SQL), which a default
 * Hibernate boot and an HQL query load.
 */
class StartupClassesTest {
  @TempDir Path directory;

  @Test
  void create_and_start_on_sqlite_load_neither_byte_buddy_nor_the_hql_parser() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:stdout",
                "-cp",
                System.getProperty("java.class.path"),
                StartSchedulerMain.class.getName(),
                directory.resolve("classes.db").toString(),
                "await-boot")
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor()).as(output).isZero();
    List<String> lines = output.lines().toList();

    assertThat(lines).contains("started");
    assertThat(lines)
        .anyMatch(line -> line.contains(" org.hibernate.internal.SessionFactoryImpl "));
    assertThat(lines)
        .noneMatch(line -> line.contains(" net.bytebuddy."))
        .noneMatch(line -> line.contains(" org.antlr.v4.runtime.atn."))
        .noneMatch(line -> line.contains(" org.hibernate.grammars."));
  }
}
