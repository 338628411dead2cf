"""The stats report drawn as text: heatmap, month axis, due bars, the plain report."""

from __future__ import annotations

from datetime import timedelta

from mesadrill.study.stats import Report

HEAT_LEVELS = " ░▒▓█"
BAR_LEVELS = " ▁▂▃▄▅▆▇█"


def heat_level(count: int, peak: int) -> int:
    """0 for no reviews, else 1-4 by share of the busiest day."""
    if count <= 0 or peak <= 0:
        return 0
    return min(4, 1 + (count * 4 - 1) // peak)


def heatmap_rows(report: Report, weeks: int = 53) -> list[str]:
    """Seven rows (Mon-Sun) of ``weeks`` cells, the last column holding today."""
    peak = max(report.per_day.values(), default=0)
    last_monday = report.today - timedelta(days=report.today.weekday())
    first = last_monday - timedelta(weeks=weeks - 1)
    rows = []
    for weekday, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")):
        cells = []
        for week in range(weeks):
            day = first + timedelta(weeks=week, days=weekday)
            if day > report.today:
                cells.append(" ")
            else:
                cells.append(HEAT_LEVELS[heat_level(report.per_day.get(day, 0), peak)])
        rows.append(f"{name} {''.join(cells)}".rstrip())
    return rows


def month_axis(report: Report, weeks: int = 53) -> str:
    """Month initials over the heatmap columns where a month starts."""
    last_monday = report.today - timedelta(days=report.today.weekday())
    first = last_monday - timedelta(weeks=weeks - 1)
    axis = [" "] * weeks
    previous_month = None
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        if monday.month != previous_month:
            label = monday.strftime("%b")
            if week + len(label) <= weeks and all(c == " " for c in axis[max(0, week - 1) : week + len(label)]):
                axis[week : week + len(label)] = list(label)
            previous_month = monday.month
    return "    " + "".join(axis).rstrip()


def due_bars(report: Report) -> tuple[str, str]:
    """A one-line bar per day for the next 30 days, and its scale note."""
    peak = max(report.due.values(), default=0)
    bars = []
    for day in sorted(report.due):
        count = report.due[day]
        if count == 0:
            bars.append("·")
        else:
            bars.append(BAR_LEVELS[max(1, round(count * 8 / peak))])
    return "".join(bars), f"today … +29 days, tallest bar = {peak}"


def retention_table(report: Report) -> list[str]:
    """A header line, then reviews and retention for each window (7, 30, 365 days)."""
    lines = [f"  {'':<10}{'reviews':>8}  {'retention':>9}"]
    for window in report.windows:
        retention = "-" if window.retention is None else f"{window.retention:.0%}"
        lines.append(f"  {'last ' + str(window.days) + 'd':<10}{window.reviews:>8}  {retention:>9}")
    if report.predicted_retention is not None:
        lines.append(f"  FSRS predicted retention now: {report.predicted_retention:.0%}")
    return lines


def render_plain(report: Report) -> list[str]:
    """The whole report as lines of text (``mesadrill stats --plain``)."""
    lines = [f"Reviews per day, last 12 months (busiest day: {max(report.per_day.values(), default=0)})"]
    lines.append(month_axis(report))
    lines.extend(heatmap_rows(report))
    lines.append(f"    less {HEAT_LEVELS[1:]} more   streak: {report.streak} day(s)")
    lines.append("")
    lines.extend(retention_table(report))
    lines.append("")
    bars, scale = due_bars(report)
    lines.append(f"Due in the next 30 days: {sum(report.due.values())} ({scale})")
    lines.append(f"  {bars}")
    upcoming = [(day, count) for day, count in sorted(report.due.items()) if count][:7]
    if upcoming:
        lines.append("  " + ", ".join(f"{day:%a %d %b}: {count}" for day, count in upcoming))
    lines.append("")
    lines.append("Deck maturity (mature = interval of 21 days or more)")
    width = max((len(m.deck_id) for m in report.maturity), default=4)
    lines.append(f"  {'deck':<{width}}  {'new':>5}  {'learning':>8}  {'mature':>6}")
    for maturity in report.maturity:
        lines.append(f"  {maturity.deck_id:<{width}}  {maturity.new:>5}  {maturity.learning:>8}  {maturity.mature:>6}")
    lines.append(held_line(report))
    return lines


def held_line(report: Report) -> str:
    """Suspended items and leeches: what the learner set aside, and what keeps failing."""
    return f"Suspended: {report.suspended}   leeches: {report.leeches} (see `mesadrill cards --state leech`)"
