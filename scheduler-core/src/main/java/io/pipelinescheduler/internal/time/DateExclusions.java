package io.pipelinescheduler.internal.time;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Dates on which a schedule's slots are skipped: single dates, dates that recur every year, and
 * days of the week. Plain dates, without a zone: a slot's date is read in the schedule's zone.
 * Immutable and thread-safe.
 */
public final class DateExclusions {
  /** No date at all. */
  public static final DateExclusions NONE = new DateExclusions(List.of(), List.of(), List.of());

  private final SortedSet<LocalDate> dates;
  private final SortedSet<MonthDay> annual;
  private final Set<DayOfWeek> daysOfWeek;

  private DateExclusions(
      Collection<LocalDate> dates, Collection<MonthDay> annual, Collection<DayOfWeek> daysOfWeek) {
    this.dates = new TreeSet<>(dates);
    this.annual = new TreeSet<>(annual);
    this.daysOfWeek =
        daysOfWeek.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(daysOfWeek);
  }

  /**
   * The union of these dates, yearly dates and days of the week.
   *
   * @throws NullPointerException when a collection or an element is null
   */
  public static DateExclusions of(
      Collection<LocalDate> dates, Collection<MonthDay> annual, Collection<DayOfWeek> daysOfWeek) {
    requireElements(dates, "dates");
    requireElements(annual, "annual dates");
    requireElements(daysOfWeek, "days of the week");
    return new DateExclusions(dates, annual, daysOfWeek);
  }

  private static void requireElements(Collection<?> values, String what) {
    Objects.requireNonNull(values, what);
    for (Object value : values) {
      Objects.requireNonNull(value, what + " element");
    }
  }

  /** True when {@code date} is one of the dates, falls on a yearly date or on a day of the week. */
  public boolean contains(LocalDate date) {
    return daysOfWeek.contains(date.getDayOfWeek())
        || dates.contains(date)
        || (!annual.isEmpty() && annual.contains(MonthDay.from(date)));
  }

  /** The dates of both. */
  public DateExclusions union(DateExclusions other) {
    List<DayOfWeek> days = new ArrayList<>(daysOfWeek);
    days.addAll(other.daysOfWeek);
    List<LocalDate> allDates = new ArrayList<>(dates);
    allDates.addAll(other.dates);
    List<MonthDay> allAnnual = new ArrayList<>(annual);
    allAnnual.addAll(other.annual);
    return new DateExclusions(allDates, allAnnual, days);
  }

  /** True when no date is excluded. */
  public boolean isEmpty() {
    return dates.isEmpty() && annual.isEmpty() && daysOfWeek.isEmpty();
  }

  /** True when every day of the week is excluded, so that nothing could ever run. */
  public boolean excludesEveryDay() {
    return daysOfWeek.size() == DayOfWeek.values().length;
  }

  /** The single dates, in order. */
  public List<LocalDate> dates() {
    return List.copyOf(dates);
  }

  /** The yearly dates, in order of the year. */
  public List<MonthDay> annual() {
    return List.copyOf(annual);
  }

  /** The days of the week, Monday first. */
  public Set<DayOfWeek> daysOfWeek() {
    return daysOfWeek.isEmpty() ? Set.of() : EnumSet.copyOf(daysOfWeek);
  }

  /**
   * The next {@code count} single or yearly dates from {@code from} on (inclusive), in order; days
   * of the week are left out (they would crowd out the holidays).
   */
  public List<LocalDate> upcoming(LocalDate from, int count) {
    SortedSet<LocalDate> next = new TreeSet<>();
    dates.tailSet(from).stream().limit(count).forEach(next::add);
    // The first count yearly dates from `from` on (a leap day recurs only every fourth year).
    int found = 0;
    for (int year = from.getYear();
        !annual.isEmpty() && found < count && year <= Math.min(9999, from.getYear() + 4L * count);
        year++) {
      for (MonthDay day : annual) {
        if (day.isValidYear(year) && !day.atYear(year).isBefore(from)) {
          next.add(day.atYear(year));
          found++;
        }
      }
    }
    return next.stream().limit(count).toList();
  }

  /**
   * In words, e.g. "Saturdays and Sundays; every year on 01-01 and 12-25; 3 dates from 2026-12-24
   * to 2027-01-06".
   */
  public String summary() {
    List<String> parts = new ArrayList<>();
    if (!daysOfWeek.isEmpty()) {
      parts.add(
          words(
              daysOfWeek.stream()
                  .map(day -> day.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + "s")
                  .toList()));
    }
    if (!annual.isEmpty()) {
      parts.add("every year on " + words(annual.stream().map(DateExclusions::text).toList()));
    }
    if (dates.size() == 1) {
      parts.add(dates.first().toString());
    } else if (dates.size() > 1 && dates.size() <= 3) {
      parts.add(words(dates.stream().map(LocalDate::toString).toList()));
    } else if (dates.size() > 3) {
      parts.add(dates.size() + " dates from " + dates.first() + " to " + dates.last());
    }
    return parts.isEmpty() ? "no dates" : String.join("; ", parts);
  }

  private static String words(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /**
   * As JSON-compatible values: {@code dates} (ISO dates), {@code annual} ({@code MM-DD}) and {@code
   * daysOfWeek} ({@code SATURDAY}), each only when not empty.
   */
  public Map<String, Object> toData() {
    Map<String, Object> data = new LinkedHashMap<>();
    if (!dates.isEmpty()) {
      data.put("dates", dates.stream().map(LocalDate::toString).toList());
    }
    if (!annual.isEmpty()) {
      data.put("annual", annual.stream().map(DateExclusions::text).toList());
    }
    if (!daysOfWeek.isEmpty()) {
      data.put("daysOfWeek", daysOfWeek.stream().map(DayOfWeek::name).toList());
    }
    return data;
  }

  /** {@code MM-DD}, e.g. {@code 12-25}. */
  public static String text(MonthDay day) {
    return day.toString().substring(2);
  }

  /**
   * Reads {@code MM-DD} or ISO's {@code --MM-DD}.
   *
   * @throws java.time.format.DateTimeParseException when it is neither
   */
  public static MonthDay parseMonthDay(String text) {
    return MonthDay.parse(text.startsWith("--") ? text : "--" + text);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DateExclusions that
        && dates.equals(that.dates)
        && annual.equals(that.annual)
        && daysOfWeek.equals(that.daysOfWeek);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dates, annual, daysOfWeek);
  }

  @Override
  public String toString() {
    return summary();
  }
}
