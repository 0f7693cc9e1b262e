package io.pipelinescheduler.cli.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A timing as people type it, made into the {@code timing} object of a schedule definition
 * (docs/http.md, "Schedule definitions"). The scheduler checks the values again when it stores it.
 */
final class TimingText {
  /** The forms, for prompts and errors. */
  static final String FORMS =
      "manual | daily HH:MM | hourly MINUTE | every DURATION | weekly DAY HH:MM"
          + " | monthly DAY-OF-MONTH HH:MM | every N months DAY-OF-MONTH HH:MM | cron EXPRESSION"
          + " | once INSTANT";

  private TimingText() {}

  /**
   * The timing {@code text} says, e.g. {@code daily 02:30} or {@code every 6 months 1 09:00}.
   *
   * @throws IllegalArgumentException naming the text when it is none of the forms
   */
  static Map<String, Object> parse(String text) {
    String[] words = text.strip().split("\\s+");
    String kind = words[0].toLowerCase(Locale.ROOT);
    Map<String, Object> timing = new LinkedHashMap<>();
    try {
      switch (kind) {
        case "manual" -> {
          expect(words, 1, text);
          timing.put("kind", "manual");
        }
        case "daily" -> {
          expect(words, 2, text);
          timing.put("kind", "daily");
          timing.put("at", time(words[1]));
        }
        case "hourly" -> {
          expect(words, 2, text);
          timing.put("kind", "hourly");
          timing.put("minute", Integer.parseInt(words[1]));
        }
        case "every" -> {
          if (words.length == 5 && words[2].toLowerCase(Locale.ROOT).startsWith("month")) {
            timing.put("kind", "everyMonths");
            timing.put("months", Integer.parseInt(words[1]));
            timing.put("dayOfMonth", Integer.parseInt(words[3]));
            timing.put("at", time(words[4]));
          } else {
            expect(words, 2, text);
            timing.put("kind", "every");
            timing.put("every", DurationText.parse(words[1]).toString());
          }
        }
        case "weekly" -> {
          expect(words, 3, text);
          timing.put("kind", "weekly");
          timing.put("day", DayOfWeek.valueOf(words[1].toUpperCase(Locale.ROOT)).name());
          timing.put("at", time(words[2]));
        }
        case "monthly" -> {
          expect(words, 3, text);
          timing.put("kind", "monthly");
          timing.put("dayOfMonth", Integer.parseInt(words[1]));
          timing.put("at", time(words[2]));
        }
        case "cron" -> {
          if (words.length < 2) {
            throw invalid(text);
          }
          timing.put("kind", "cron");
          timing.put("expression", text.strip().substring(4).strip());
        }
        case "once" -> {
          expect(words, 2, text);
          timing.put("kind", "once");
          timing.put("at", Instant.parse(words[1]).toString());
        }
        default -> throw invalid(text);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw invalid(text);
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("timing '") ? e : invalid(text);
    }
    return timing;
  }

  private static String time(String text) {
    return LocalTime.parse(text).toString();
  }

  private static void expect(String[] words, int count, String text) {
    if (words.length != count) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("timing '" + text.strip() + "' is not one of: " + FORMS);
  }
}
