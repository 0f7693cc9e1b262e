package io.pipelinescheduler.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.spi.StoredJson;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoredJsonQuoteTest {

  @Test
  void escapes_quotes_backslashes_and_named_control_characters() {
    String quoted = StoredJson.quote("say \"hi\"\\path\nline\ttab\rcr\bbs\fff");

    assertThat(quoted).isEqualTo("\"say \\\"hi\\\"\\\\path\\nline\\ttab\\rcr\\bbs\\fff\"");
  }

  @Test
  void escapes_other_control_characters_as_four_hex_digits() {
    assertThat(StoredJson.quote("a\u0000b\u0001c\u001fd"))
        .isEqualTo("\"a\\u0000b\\u0001c\\u001fd\"");
  }

  @Test
  void leaves_printable_non_ascii_and_surrogate_pairs_as_they_are() {
    assertThat(StoredJson.quote("café ✓ 😀 / \u007f")).isEqualTo("\"café ✓ 😀 / \u007f\"");
  }

  @Test
  void escapes_an_unpaired_surrogate_so_that_the_text_stays_encodable() {
    assertThat(StoredJson.quote("a\ud800b\udc00")).isEqualTo("\"a\\ud800b\\udc00\"");
  }

  @Test
  void writes_null_for_a_null_value() {
    assertThat(StoredJson.quote(null)).isEqualTo("null");
  }

  @Test
  void every_utf16_code_unit_parses_back_to_itself() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      all.append(c);
    }
    all.append(Character.MAX_VALUE);

    assertThat(StrictJson.parseString(StoredJson.quote(all.toString()))).isEqualTo(all.toString());
  }

  @Test
  void random_strings_parse_back_to_themselves_inside_an_object() {
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      char[] chars = new char[random.nextInt(40)];
      for (int j = 0; j < chars.length; j++) {
        chars[j] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
      }
      String value = new String(chars);

      Map<String, String> parsed = StrictJson.parseStringObject(StoredJson.object("text", value));

      assertThat(parsed).containsExactly(Map.entry("text", value));
    }
  }

  @Test
  void the_strict_parser_used_here_rejects_a_raw_newline_and_an_unknown_escape() {
    assertThatThrownBy(() -> StrictJson.parseString("\"a\nb\""))
        .hasMessageContaining("raw control");
    assertThatThrownBy(() -> StrictJson.parseString("\"a\\qb\"")).hasMessageContaining("escape");
  }
}
