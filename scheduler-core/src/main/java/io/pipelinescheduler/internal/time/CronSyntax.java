package io.pipelinescheduler.internal.time;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import io.pipelinescheduler.CronFlavor;
import java.util.List;

/**
 * The fields of each cron flavour, for error messages and for checking a field on its own: names,
 * valid values, a placeholder that is valid in each position, and a valid example.
 */
enum CronSyntax {
  UNIX(
      CronType.UNIX,
      "0 9 * * 1-5",
      5,
      5,
      List.of(
          field("minute", "0-59", "*"),
          field("hour", "0-23", "*"),
          field("day-of-month", "1-31", "*"),
          field("month", "1-12 or JAN-DEC", "*"),
          field("day-of-week", "0-7 or SUN-SAT (0 and 7 are Sunday)", "*"))),
  QUARTZ(
      CronType.QUARTZ,
      "0 0 9 ? * MON-FRI",
      6,
      7,
      List.of(
          field("second", "0-59", "0"),
          field("minute", "0-59", "*"),
          field("hour", "0-23", "*"),
          field("day-of-month", "1-31, L, W or ?", "*"),
          field("month", "1-12 or JAN-DEC", "*"),
          field("day-of-week", "1-7 or SUN-SAT (1 is Sunday), L, # or ?", "?"),
          field("year", "1970-2099", "*"))),
  // cron-utils' SPRING53 is Spring 5.3+ syntax, a superset of its older SPRING (adds L and W).
  SPRING(
      CronType.SPRING53,
      "0 0 9 * * MON-FRI",
      6,
      6,
      List.of(
          field("second", "0-59", "0"),
          field("minute", "0-59", "*"),
          field("hour", "0-23", "*"),
          field("day-of-month", "1-31, L, W or ?", "*"),
          field("month", "1-12 or JAN-DEC", "*"),
          field("day-of-week", "0-7 or SUN-SAT (0 and 7 are Sunday), L, # or ?", "*")));

  /** One field of a flavour. */
  record Field(String name, String valid, String placeholder) {}

  private final CronType cronType;
  private final String example;
  private final int minFields;
  private final int maxFields;
  private final List<Field> fields;

  CronSyntax(CronType cronType, String example, int minFields, int maxFields, List<Field> fields) {
    this.cronType = cronType;
    this.example = example;
    this.minFields = minFields;
    this.maxFields = maxFields;
    this.fields = fields;
  }

  static CronSyntax of(CronFlavor flavor) {
    return switch (flavor) {
      case UNIX -> UNIX;
      case QUARTZ -> QUARTZ;
      case SPRING -> SPRING;
    };
  }

  CronDefinition definition() {
    return CronDefinitionBuilder.instanceDefinitionFor(cronType);
  }

  /** A valid expression of this flavour, quoted, for error messages. */
  String example() {
    return '"' + example + '"';
  }

  boolean acceptsFieldCount(int count) {
    return count >= minFields && count <= maxFields;
  }

  Field field(int index) {
    return fields.get(index);
  }

  int index(String fieldName) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(fieldName)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no cron field " + fieldName + " in " + this);
  }

  /** E.g. "5: minute hour day-of-month month day-of-week". */
  String expectedFields() {
    StringBuilder text = new StringBuilder();
    text.append(minFields == maxFields ? minFields : minFields + " or " + maxFields).append(':');
    for (int i = 0; i < maxFields; i++) {
      String name = fields.get(i).name();
      text.append(' ').append(i < minFields ? name : "[" + name + "]");
    }
    return text.toString();
  }

  private static Field field(String name, String valid, String placeholder) {
    return new Field(name, valid, placeholder);
  }
}
