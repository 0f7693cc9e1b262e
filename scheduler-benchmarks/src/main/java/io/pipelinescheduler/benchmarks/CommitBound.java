package io.pipelinescheduler.benchmarks;

import java.util.Locale;

/**
 * A figure's use of the database's commit rate: its items (runs of a burst, schedules registered)
 * per second times the commits each cost, against the commits per second a minimal JDBC loop
 * reaches on the same database (the bound).
 *
 * @param item what is counted, singular ("run", "schedule")
 * @param perSecond the figure: items per second
 * @param commitsEach the transactions committed while it was measured, divided by its items
 * @param boundPerSecond the minimal loop's commits/s
 */
record CommitBound(String item, double perSecond, double commitsEach, double boundPerSecond) {
  /**
   * The share of the bound from which a burst counts as bound by the commit rate: beyond it, the
   * loop of one INSERT and a commit, with nothing else to do, is barely faster.
   */
  static final double BOUND_FROM = 0.8;

  /** Commits per second the figure used. */
  double usedPerSecond() {
    return perSecond * commitsEach;
  }

  /** The commits per second used as a percentage of the bound; NaN when either is unknown. */
  double percentOfBound() {
    if (!(boundPerSecond > 0)) {
      return Double.NaN;
    }
    return 100 * usedPerSecond() / boundPerSecond;
  }

  /** The items per second the bound allows at this many commits each. */
  double perSecondAtBound() {
    return commitsEach > 0 ? boundPerSecond / commitsEach : Double.POSITIVE_INFINITY;
  }

  /** Whether the figure is bound by the commit rate: it uses at least {@link #BOUND_FROM} of it. */
  boolean bound() {
    return percentOfBound() >= 100 * BOUND_FROM;
  }

  /** One sentence for the report: the product, the share of the bound and what it means. */
  String verdict(String who, String boundName) {
    double percent = percentOfBound();
    if (Double.isNaN(percent) || Double.isNaN(usedPerSecond())) {
      return who + ": not measured";
    }
    String product =
        String.format(
            Locale.ROOT,
            "%s %ss/s × %s commits/%s = %s commits/s, %s %% of the %s (%s commits/s)",
            Stats.fixed(perSecond),
            item,
            Stats.fixed(commitsEach),
            item,
            Stats.fixed(usedPerSecond()),
            Stats.fixed(percent),
            boundName,
            Stats.fixed(boundPerSecond));
    if (bound()) {
      return who
          + ": "
          + product
          + ": **bound by the commit rate** (at this many commits per "
          + item
          + " the bound allows "
          + Stats.fixed(perSecondAtBound())
          + " "
          + item
          + "s/s)";
    }
    return who
        + ": "
        + product
        + ": not bound by the commit rate; at this many commits per "
        + item
        + " the bound would allow "
        + Stats.fixed(perSecondAtBound())
        + " "
        + item
        + "s/s, "
        + Stats.fixed(100 / percent)
        + "× the figure";
  }
}
