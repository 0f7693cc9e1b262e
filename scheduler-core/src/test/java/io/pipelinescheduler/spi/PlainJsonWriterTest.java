package io.pipelinescheduler.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PlainJsonWriterTest {
  private final JsonMapper mapper = JsonMapper.builder().build();
  private final PlainJsonWriter writer = new PlainJsonWriter(mapper.getFactory());

  @Test
  void writes_the_common_types_exactly_as_jacksons_mapper_does() throws Exception {
    Map<String, Object> inner = new HashMap<>();
    inner.put("nothing", null);
    inner.put("quote \" and \\ and \n and é and \u0001", "€ \u2028 \"x\"");
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("timing", Map.of("kind", "once", "at", "2026-12-06T21:00:00Z"));
    definition.put("int", Integer.MIN_VALUE);
    definition.put("long", Long.MAX_VALUE);
    definition.put("double", 2.5e-300);
    definition.put("nan", Double.NaN);
    definition.put("infinite", Double.NEGATIVE_INFINITY);
    definition.put("negative zero", -0.0);
    definition.put("flag", false);
    definition.put("none", null);
    definition.put("list", new ArrayList<>(Arrays.asList(1, "two", null, List.of(), Map.of())));
    definition.put("nested", List.of(List.of(List.of(inner))));

    String written = writer.write(definition);

    assertThat(written).isNotNull().isEqualTo(mapper.writeValueAsString(definition));
  }

  @Test
  void gives_up_on_any_other_type_so_that_the_mapper_writes_or_refuses_it() {
    assertThat(writer.write(Map.of("price", new BigDecimal("1.10")))).isNull();
    assertThat(writer.write(Map.of("count", new AtomicInteger(3)))).isNull();
    assertThat(writer.write(Map.of("deep", List.of(Map.of("small", (short) 1))))).isNull();
    Map<Object, Object> numberKey = new HashMap<>();
    numberKey.put(1, "one");
    assertThat(writer.write(Map.of("keys", numberKey))).isNull();
  }

  @Test
  void stored_json_writes_the_other_number_types_through_the_mapper() {
    assertThat(StoredJson.writeDefinition("prices", Map.of("price", new BigDecimal("1.10"))))
        .isEqualTo("{\"price\":1.10}");
  }
}
