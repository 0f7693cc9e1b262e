package io.pipelinescheduler;

import io.pipelinescheduler.internal.time.DateExclusions;
import io.pipelinescheduler.internal.time.IcsDates;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Dates on which a schedule does not run: given to {@link ScheduleBuilder#excluding}. A slot whose
 * date, read in the schedule's zone, is in the calendar is skipped (reported with {@link
 * SkipReason#HOLIDAY}) and left out of {@link PipelineScheduler#nextRuns}.
 *
 * <pre>{@code
 * HolidayCalendar holidays =
 *     HolidayCalendar.fromIcs(Path.of("/etc/holidays/de.ics"))
 *         .and(HolidayCalendar.annual(MonthDay.of(12, 24)))
 *         .and(HolidayCalendar.of(LocalDate.of(2026, 6, 5)));
 * scheduler.schedule("report")
 *     .daily(LocalTime.of(9, 0))
 *     .timezone(ZoneId.of("Europe/Berlin"))
 *     .excluding(HolidayCalendar.weekends().and(holidays)) // business days only
 *     .run(job);
 * }</pre>
 *
 * <p>A calendar is a set of plain dates (no zone, no time of day): single dates, dates that recur
 * every year, and days of the week. It is stored with a data-defined schedule as those dates, so
 * any instance can run it without the file it was read from. Immutable and thread-safe; {@code
 * equals} compares the dates.
 */
public final class HolidayCalendar {
  private final DateExclusions dates;

  private HolidayCalendar(DateExclusions dates) {
    this.dates = dates;
  }

  /**
   * These dates.
   *
   * @throws NullPointerException when {@code dates} or one of them is null
   */
  public static HolidayCalendar of(LocalDate... dates) {
    Objects.requireNonNull(dates, "dates");
    return new HolidayCalendar(DateExclusions.of(Arrays.asList(dates), List.of(), List.of()));
  }

  /**
   * These month-days in every year, e.g. {@code annual(MonthDay.of(12, 25), MonthDay.of(1, 1))}.
   * February 29 counts in leap years only.
   *
   * @throws NullPointerException when {@code days} or one of them is null
   */
  public static HolidayCalendar annual(MonthDay... days) {
    Objects.requireNonNull(days, "days");
    return new HolidayCalendar(DateExclusions.of(List.of(), Arrays.asList(days), List.of()));
  }

  /** Every Saturday and Sunday: {@code excluding(weekends())} runs on weekdays only. */
  public static HolidayCalendar weekends() {
    return daysOfWeek(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
  }

  /**
   * Every one of these days of the week, e.g. {@code daysOfWeek(FRIDAY, SATURDAY)} for a weekend
   * that is not Saturday and Sunday.
   *
   * @throws NullPointerException when {@code days} or one of them is null
   */
  public static HolidayCalendar daysOfWeek(DayOfWeek... days) {
    Objects.requireNonNull(days, "days");
    return new HolidayCalendar(DateExclusions.of(List.of(), List.of(), Arrays.asList(days)));
  }

  /**
   * The dates of an iCalendar file (RFC 5545), read now: every date a VEVENT covers, all-day or
   * timed (a timed event covers the dates it touches in its own zone), with its recurrences (RRULE,
   * RDATE, EXDATE). A one-day event repeated every year on its date ({@code RRULE:FREQ=YEARLY}
   * without COUNT or UNTIL) becomes a yearly date and holds for ever; other recurrences are
   * expanded into dates through {@value IcsDates#LAST_YEAR}. Events with {@code STATUS:CANCELLED}
   * are left out. Later changes of the file are not seen: read it again and schedule again.
   *
   * @throws InvalidScheduleException naming the file when it cannot be read, is not iCalendar (with
   *     the line), has no VEVENT or an event without DTSTART, or yields more than {@value
   *     IcsDates#MAX_DATES} dates
   * @throws NullPointerException when {@code file} is null
   */
  public static HolidayCalendar fromIcs(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return new HolidayCalendar(IcsDates.read(file));
    } catch (IcsDates.UnusableFile e) {
      throw new InvalidScheduleException(e.getMessage(), e.getCause());
    }
  }

  /** The dates of this calendar and of {@code other}. */
  public HolidayCalendar and(HolidayCalendar other) {
    Objects.requireNonNull(other, "other");
    return new HolidayCalendar(dates.union(other.dates));
  }

  /** True when a slot on {@code date} (in the schedule's zone) does not run. */
  public boolean contains(LocalDate date) {
    return dates.contains(Objects.requireNonNull(date, "date"));
  }

  /** The single dates, in order. */
  public List<LocalDate> dates() {
    return dates.dates();
  }

  /** The dates that recur every year, in order of the year. */
  public List<MonthDay> annualDates() {
    return dates.annual();
  }

  /** The days of the week excluded every week, Monday first. */
  public Set<DayOfWeek> weeklyDays() {
    return dates.daysOfWeek();
  }

  /**
   * The next single or yearly dates from {@code from} on (inclusive), in order, at most {@code
   * limit}; days of the week are left out (they would crowd out the holidays).
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  public List<LocalDate> datesFrom(LocalDate from, int limit) {
    Objects.requireNonNull(from, "from");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    return dates.upcoming(from, limit);
  }

  /** The dates, for the timing. */
  DateExclusions exclusions() {
    return dates;
  }

  /** The calendar of stored or computed dates. */
  static HolidayCalendar from(DateExclusions dates) {
    return new HolidayCalendar(dates);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HolidayCalendar that && dates.equals(that.dates);
  }

  @Override
  public int hashCode() {
    return dates.hashCode();
  }

  /** In words, e.g. "Saturdays and Sundays; every year on 12-25; 3 dates from … to …". */
  @Override
  public String toString() {
    return dates.summary();
  }
}
