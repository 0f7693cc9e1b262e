package io.pipelinescheduler.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.SchedulerConfig;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every {@link SchedulerConfig.Builder} setting is a {@code pipeline.scheduler.*} property with IDE
 * metadata, except the three that come from the application's beans.
 */
class PropertiesCoverageTest {
  private static final Set<String> FROM_BEANS = Set.of("clock", "dataSource", "meterRegistry");

  @Test
  void every_builder_setting_has_a_property_and_metadata() throws Exception {
    Set<String> settings =
        Arrays.stream(SchedulerConfig.Builder.class.getMethods())
            .filter(m -> m.getReturnType() == SchedulerConfig.Builder.class)
            .map(Method::getName)
            .filter(name -> !FROM_BEANS.contains(name))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> properties =
        Arrays.stream(PipelineSchedulerProperties.class.getMethods())
            .map(Method::getName)
            .filter(name -> name.startsWith("set"))
            .map(name -> Character.toLowerCase(name.charAt(3)) + name.substring(4))
            .collect(Collectors.toSet());
    String metadata;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated configuration metadata").isNotNull();
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(settings).hasSizeGreaterThan(20);
    assertThat(properties).containsAll(settings);
    for (String setting : settings) {
      assertThat(metadata).contains("\"pipeline.scheduler." + kebab(setting) + "\"");
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
