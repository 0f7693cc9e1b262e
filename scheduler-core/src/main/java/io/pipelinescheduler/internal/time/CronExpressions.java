package io.pipelinescheduler.internal.time;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.pipelinescheduler.CronFlavor;
import io.pipelinescheduler.InvalidScheduleException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates cron expressions with cron-utils and words their errors: cron-utils says
 * "Value 24 not in range [0, 23]" without naming the field, so each field is checked on its own
 * (the others replaced by placeholders) to find the one that is wrong. Stateless and thread-safe.
 */
final class CronExpressions {
  private static final Pattern OUT_OF_RANGE = Pattern.compile("Value (\\S+) not in range");
  private static final Pattern BAD_STEP = Pattern.compile("Period (\\S+) not in range");
  private static final Pattern FIXED_HOURS = Pattern.compile("\\d{1,2}(,\\d{1,2})*");
  private static final String CRON_UTILS_PREFIX = "Failed to parse cron expression. ";
  private static final ZonedDateTime BEGINNING =
      ZonedDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private CronExpressions() {}

  /**
   * A timing for {@code expression} read in {@code flavor}.
   *
   * @throws InvalidScheduleException naming the schedule, the wrong field and its value, with a
   *     valid example, when the expression is blank, has the wrong number of fields, has a bad
   *     field, or matches no date at all
   */
  static CronTiming compile(String name, String expression, CronFlavor flavor, ZoneId zone) {
    CronSyntax syntax = CronSyntax.of(flavor);
    if (expression.isBlank()) {
      throw new InvalidScheduleException(
          name,
          "cron expression is blank; expected "
              + syntax.expectedFields()
              + ", e.g. "
              + syntax.example());
    }
    String[] fields = expression.trim().split("\\s+");
    String normalized = String.join(" ", fields);
    if (!syntax.acceptsFieldCount(fields.length)) {
      throw new InvalidScheduleException(
          name,
          String.format(
              "cron expression \"%s\" has %d field%s; expected %s, e.g. %s",
              normalized,
              fields.length,
              fields.length == 1 ? "" : "s",
              syntax.expectedFields(),
              syntax.example()));
    }
    Cron cron = parse(name, syntax, fields);
    ExecutionTime executionTime = ExecutionTime.forCron(cron);
    if (executionTime.nextExecution(BEGINNING).isEmpty()) {
      throw new InvalidScheduleException(
          name,
          "cron expression \""
              + normalized
              + "\" never fires: no date matches it; e.g. "
              + syntax.example());
    }
    boolean fixedHour = FIXED_HOURS.matcher(fields[syntax.index("hour")]).matches();
    return new CronTiming(
        normalized, flavor, zone, describe(cron, normalized), !fixedHour, executionTime);
  }

  private static Cron parse(String name, CronSyntax syntax, String[] fields) {
    try {
      return parseWhole(syntax, fields);
    } catch (RuntimeException whole) {
      for (int i = 0; i < fields.length; i++) {
        try {
          parseWhole(syntax, probe(syntax, fields, i));
        } catch (RuntimeException inField) {
          throw new InvalidScheduleException(name, fieldProblem(syntax, i, fields[i], inField));
        }
      }
      throw new InvalidScheduleException(name, crossFieldProblem(syntax, fields, whole));
    }
  }

  private static Cron parseWhole(CronSyntax syntax, String[] fields) {
    Cron cron = new CronParser(syntax.definition()).parse(String.join(" ", fields));
    return cron.validate();
  }

  /** The field at {@code index} with every other field a placeholder valid beside it. */
  private static String[] probe(CronSyntax syntax, String[] fields, int index) {
    String[] probe = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      probe[i] = i == index ? fields[i] : syntax.field(i).placeholder();
    }
    int dayOfMonth = syntax.index("day-of-month");
    int dayOfWeek = syntax.index("day-of-week");
    // Quartz wants exactly one of the day fields to be '?'.
    if (syntax == CronSyntax.QUARTZ && (index == dayOfMonth || index == dayOfWeek)) {
      int other = index == dayOfMonth ? dayOfWeek : dayOfMonth;
      probe[other] = "?".equals(fields[index]) ? "*" : "?";
    }
    return probe;
  }

  private static String fieldProblem(
      CronSyntax syntax, int index, String field, RuntimeException error) {
    String detail = String.valueOf(error.getMessage());
    String has = '"' + field + '"';
    Matcher outOfRange = OUT_OF_RANGE.matcher(detail);
    Matcher badStep = BAD_STEP.matcher(detail);
    if (outOfRange.find()) {
      String value = outOfRange.group(1);
      has = value.equalsIgnoreCase(field) ? value : value + " (in \"" + field + "\")";
    } else if (badStep.find()) {
      has = "step " + badStep.group(1) + " (in \"" + field + "\")";
    }
    CronSyntax.Field wrong = syntax.field(index);
    return String.format(
        "cron field '%s' has %s; valid %s, e.g. %s",
        wrong.name(), has, wrong.valid(), syntax.example());
  }

  private static String crossFieldProblem(
      CronSyntax syntax, String[] fields, RuntimeException error) {
    String detail = String.valueOf(error.getMessage());
    if (syntax == CronSyntax.QUARTZ && detail.contains("Both, a day-of-week AND a day-of-month")) {
      String dayOfMonth = fields[syntax.index("day-of-month")];
      String dayOfWeek = fields[syntax.index("day-of-week")];
      String problem =
          "?".equals(dayOfMonth) && "?".equals(dayOfWeek)
              ? "cron fields 'day-of-month' and 'day-of-week' are both '?'; one of them must name"
                  + " days"
              : String.format(
                  "cron fields 'day-of-month' (\"%s\") and 'day-of-week' (\"%s\") are both set;"
                      + " Quartz needs '?' in one of them",
                  dayOfMonth, dayOfWeek);
      return problem + ", e.g. " + syntax.example();
    }
    if (detail.startsWith(CRON_UTILS_PREFIX)) {
      detail = detail.substring(CRON_UTILS_PREFIX.length());
    }
    return String.format(
        "cron expression \"%s\" is invalid: %s; e.g. %s",
        String.join(" ", fields), detail, syntax.example());
  }

  private static String describe(Cron cron, String expression) {
    try {
      return CronDescriptor.instance(Locale.ENGLISH).describe(cron);
    } catch (RuntimeException descriptorCannotWordIt) {
      return "cron " + expression;
    }
  }
}
