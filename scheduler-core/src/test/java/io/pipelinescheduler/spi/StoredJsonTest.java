package io.pipelinescheduler.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.SchedulerException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredJsonTest {

  @Test
  void a_definition_is_stored_as_compact_json_and_read_back_in_its_key_order() {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("type", "command");
    definition.put("args", List.of("echo", 1, 2.5, true));
    definition.put("env", Map.of("A", "b"));

    String text = StoredJson.writeDefinition("nightly", definition);

    assertThat(text)
        .isEqualTo("{\"type\":\"command\",\"args\":[\"echo\",1,2.5,true],\"env\":{\"A\":\"b\"}}");
    assertThat(StoredJson.readDefinition("nightly", text))
        .containsExactly(
            Map.entry("type", "command"),
            Map.entry("args", List.of("echo", 1, 2.5, true)),
            Map.entry("env", Map.of("A", "b")));
  }

  @Test
  void a_value_that_is_not_json_is_rejected_with_its_path_and_the_schedule() {
    Map<String, Object> definition = Map.of("at", List.of(Instant.EPOCH));

    assertThatThrownBy(() -> StoredJson.writeDefinition("nightly", definition))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("nightly")
        .hasMessageContaining("definition.at[0] holds a java.time.Instant (1970-01-01T00:00:00Z)");
  }

  @Test
  void stored_text_that_is_not_an_object_names_the_schedule() {
    assertThatThrownBy(() -> StoredJson.readDefinition("nightly", "[1]"))
        .isInstanceOf(SchedulerException.class)
        .hasMessageStartingWith("schedule 'nightly': the stored definition is not a JSON object");
  }

  @Test
  void two_definitions_are_the_same_whatever_their_key_order_and_number_types() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("x", 1);
    a.put("y", List.of(2L));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("y", List.of(2));
    b.put("x", 1L);

    assertThat(StoredJson.sameDefinition(a, b)).isTrue();
    assertThat(StoredJson.sameDefinition(a, Map.of("x", 2))).isFalse();
    assertThat(StoredJson.sameDefinition(null, null)).isTrue();
  }

  @Test
  void an_export_reads_back_as_the_same_entries() {
    List<StoredJson.Entry> entries =
        List.of(
            new StoredJson.Entry("a", Map.of("type", "command")),
            new StoredJson.Entry("b", Map.of("n", 3)));

    String json = StoredJson.exportDefinitions(entries);

    assertThat(json).contains("\n");
    assertThat(StoredJson.importDefinitions(json)).isEqualTo(entries);
  }

  @Test
  void the_strict_mapper_rejects_a_key_given_twice_and_says_where() {
    ObjectMapper mapper = StoredJson.strictMapperBuilder().build();

    assertThatThrownBy(() -> mapper.readTree("{\"a\":1,\n\"a\":2}"))
        .isInstanceOf(JsonProcessingException.class)
        .satisfies(
            e ->
                assertThat(StoredJson.where((JsonProcessingException) e))
                    .isEqualTo(" at line 2, column 4"));
  }

  @Test
  void the_strict_mapper_rejects_text_after_the_value() {
    ObjectMapper mapper = StoredJson.strictMapperBuilder().build();

    assertThatThrownBy(() -> mapper.readValue("{} {}", Map.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("Trailing token");
  }
}
