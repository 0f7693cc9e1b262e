package io.pipelinescheduler.internal.time;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * Reads the dates of an iCalendar file (RFC 5545) with ical4j: every date that a VEVENT covers,
 * all-day or timed, with its recurrences (RRULE, RDATE, EXDATE). A timed event covers the dates it
 * touches in its own zone. A plain yearly recurrence of a one-day event ({@code RRULE:FREQ=YEARLY}
 * on the start's month and day, without COUNT or UNTIL) becomes a yearly date and holds for ever;
 * any other recurrence is expanded into dates through {@value #LAST_YEAR}. Cancelled events ({@code
 * STATUS:CANCELLED}) are left out. Stateless and thread-safe.
 */
public final class IcsDates {
  /** The last year into which recurrences other than a plain yearly date are expanded. */
  public static final int LAST_YEAR = 2099;

  /** The most dates one file may yield, so that a runaway recurrence fails instead. */
  public static final int MAX_DATES = 50_000;

  private static final Period<ZonedDateTime> WINDOW =
      new Period<>(
          ZonedDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
          ZonedDateTime.of(LAST_YEAR + 1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));

  /** A file that cannot be read or used; the message names the file (and the line when known). */
  public static final class UnusableFile extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnusableFile(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private IcsDates() {}

  /**
   * The dates of {@code file}.
   *
   * @throws UnusableFile when the file cannot be read, is not iCalendar (the message names the
   *     line), has no VEVENT, has an event without DTSTART, or yields more than {@value #MAX_DATES}
   *     dates
   */
  public static DateExclusions read(Path file) {
    Calendar calendar = parse(file);
    List<VEvent> events = calendar.getComponents("VEVENT");
    if (events.isEmpty()) {
      throw unusable(file, "has no VEVENT; list each holiday as a VEVENT with a DTSTART", null);
    }
    Set<LocalDate> dates = new TreeSet<>();
    Set<MonthDay> annual = new TreeSet<>();
    for (VEvent event : events) {
      if (cancelled(event)) {
        continue;
      }
      Optional<DtStart<Temporal>> start = event.getProperty(Property.DTSTART);
      if (start.isEmpty() || start.get().getDate() == null) {
        throw unusable(file, "has an event without DTSTART (" + name(event) + ")", null);
      }
      MonthDay yearly = plainYearly(event, start.get().getDate());
      if (yearly != null) {
        annual.add(yearly);
      } else {
        addOccurrences(file, event, dates);
      }
      if (dates.size() > MAX_DATES) {
        throw unusable(
            file,
            "yields more than "
                + MAX_DATES
                + " dates through "
                + LAST_YEAR
                + " (at "
                + name(event)
                + "); is a recurrence meant to repeat this often?",
            null);
      }
    }
    return DateExclusions.of(dates, annual, Set.<DayOfWeek>of());
  }

  private static Calendar parse(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new CalendarBuilder().build(reader);
    } catch (ParserException e) {
      String message = String.valueOf(e.getMessage());
      String reason =
          message.startsWith("Error at line") && message.contains(":")
              ? message.substring(message.indexOf(':') + 1).trim()
              : message;
      throw unusable(file, "is not valid iCalendar at line " + e.getLineNo() + ": " + reason, e);
    } catch (IOException e) {
      throw unusable(
          file, "cannot be read: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw unusable(file, "is not a valid iCalendar file: " + e.getMessage(), e);
    }
  }

  private static void addOccurrences(Path file, VEvent event, Set<LocalDate> dates) {
    Set<Period<Temporal>> occurrences;
    try {
      occurrences = event.calculateRecurrenceSet(WINDOW);
    } catch (RuntimeException e) {
      throw unusable(
          file,
          "has an event whose dates cannot be computed (" + name(event) + "): " + e.getMessage(),
          e);
    }
    for (Period<Temporal> occurrence : occurrences) {
      LocalDate first = date(occurrence.getStart());
      LocalDate last = lastDate(occurrence.getStart(), occurrence.getEnd());
      for (LocalDate date = first;
          !date.isAfter(last) && date.getYear() <= LAST_YEAR && dates.size() <= MAX_DATES;
          date = date.plusDays(1)) {
        dates.add(date);
      }
    }
  }

  /**
   * The month and day of an event that recurs every year on its start's date for ever and lasts at
   * most a day, else null.
   */
  private static MonthDay plainYearly(VEvent event, Temporal start) {
    Optional<RRule<Temporal>> rule = event.getProperty(Property.RRULE);
    if (rule.isEmpty()
        || event.getProperty(Property.EXDATE).isPresent()
        || event.getProperty(Property.RDATE).isPresent()
        || event.getProperties(Property.RRULE).size() > 1) {
      return null;
    }
    Recur<Temporal> recur = rule.get().getRecur();
    LocalDate startDate = date(start);
    boolean plain =
        recur.getFrequency() == Frequency.YEARLY
            && recur.getInterval() <= 1
            && recur.getCount() < 1
            && recur.getUntil() == null
            && recur.getDayList().isEmpty()
            && recur.getYearDayList().isEmpty()
            && recur.getWeekNoList().isEmpty()
            && recur.getSetPosList().isEmpty()
            && recur.getHourList().isEmpty()
            && recur.getMinuteList().isEmpty()
            && recur.getSecondList().isEmpty()
            && recur.getMonthList().stream()
                .allMatch(month -> month.getMonthOfYear() == startDate.getMonthValue())
            && recur.getMonthDayList().stream().allMatch(day -> day == startDate.getDayOfMonth());
    Temporal end = event.getEndDate().map(DtEnd::getDate).orElse(null);
    return plain && lastDate(start, end).equals(startDate) ? MonthDay.from(startDate) : null;
  }

  private static boolean cancelled(VEvent event) {
    return event
        .getProperty(Property.STATUS)
        .map(status -> "CANCELLED".equalsIgnoreCase(((Property) status).getValue()))
        .orElse(false);
  }

  /** The date of a DATE, DATE-TIME (in its own zone) or UTC value. */
  static LocalDate date(Temporal value) {
    if (value instanceof LocalDate date) {
      return date;
    }
    if (value instanceof ZonedDateTime time) {
      return time.toLocalDate();
    }
    if (value instanceof OffsetDateTime time) {
      return time.toLocalDate();
    }
    if (value instanceof LocalDateTime time) {
      return time.toLocalDate();
    }
    if (value instanceof Instant instant) {
      return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }
    return LocalDate.from(value);
  }

  /** The last date an occurrence covers: the end is exclusive (midnight, or the day after). */
  private static LocalDate lastDate(Temporal start, Temporal end) {
    LocalDate first = date(start);
    if (end == null) {
      return first;
    }
    if (end instanceof LocalDate endDate) {
      return endDate.isAfter(first) ? endDate.minusDays(1) : first;
    }
    LocalDate endDate = date(end);
    boolean atMidnight = LocalDateTime.from(asLocal(end)).toLocalTime().equals(LocalTime.MIDNIGHT);
    LocalDate last = atMidnight ? endDate.minusDays(1) : endDate;
    return last.isBefore(first) ? first : last;
  }

  private static Temporal asLocal(Temporal value) {
    if (value instanceof ZonedDateTime time) {
      return time.toLocalDateTime();
    }
    if (value instanceof OffsetDateTime time) {
      return time.toLocalDateTime();
    }
    if (value instanceof Instant instant) {
      return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
    return value;
  }

  private static String name(VEvent event) {
    String summary =
        event.getProperty(Property.SUMMARY).map(p -> ((Property) p).getValue()).orElse(null);
    String uid = event.getProperty(Property.UID).map(p -> ((Property) p).getValue()).orElse(null);
    if (summary != null) {
      return "SUMMARY '" + summary + "'";
    }
    return uid != null ? "UID '" + uid + "'" : "no UID or SUMMARY";
  }

  private static UnusableFile unusable(Path file, String problem, Throwable cause) {
    return new UnusableFile("holiday calendar file " + file + " " + problem, cause);
  }
}
