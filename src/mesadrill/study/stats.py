"""Study statistics, computed from the store; drawn as text for both front ends.

- a heatmap of reviews per day over the last year (weeks across, weekdays down)
- reviews and retention (share of schedule-moving grades >= 3) over 7/30/365 days
- items due per day over the next 30 days
- per deck: new, learning (interval < 21 days) and mature (>= 21 days) items
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mesadrill.core.history import EventKind
from mesadrill.core.model import Deck
from mesadrill.store.history_store import HistoryStore

MATURE_DAYS = 21
WINDOWS = (7, 30, 365)
HEAT_LEVELS = " ░▒▓█"
BAR_LEVELS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Window:
    days: int
    reviews: int  # every grade, repeats included
    retention: float | None  # None when there were no reviews


@dataclass(frozen=True, slots=True)
class Maturity:
    deck_id: str
    title: str
    new: int
    learning: int
    mature: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.mature


@dataclass(frozen=True, slots=True)
class Report:
    today: date
    per_day: dict[date, int]  # reviews per study day, last 365 days
    windows: tuple[Window, ...]
    due: dict[date, int]  # next 30 days, overdue counted today
    maturity: tuple[Maturity, ...]
    streak: int  # consecutive study days ending today (or yesterday)


def build_report(store: HistoryStore, decks: Sequence[Deck], today: date) -> Report:
    year_ago = today - timedelta(days=364)
    per_day = store.reviews_per_day(year_ago)
    windows = []
    for days in WINDOWS:
        since = today - timedelta(days=days - 1)
        reviews = sum(count for day, count in per_day.items() if day >= since)
        qualities = store.grades_since(since, (EventKind.REVIEW, EventKind.DRILL))
        retention = sum(1 for q in qualities if q >= 3) / len(qualities) if qualities else None
        windows.append(Window(days, reviews, retention))
    deck_ids = [deck.id for deck in decks]
    end = today + timedelta(days=29)
    due = {today + timedelta(days=offset): 0 for offset in range(30)}
    for day, count in store.due_per_day(date.min, end, deck_ids).items():
        due[max(day, today)] += count
    maturity = []
    for deck in decks:
        records = store.records(deck.id)
        new = learning = mature = 0
        for item in deck.items:
            record = records.get(item.item_id)
            if record is None or record.state.is_new:
                new += 1
            elif record.state.interval_days >= MATURE_DAYS:
                mature += 1
            else:
                learning += 1
        maturity.append(Maturity(deck.id, deck.title, new, learning, mature))
    return Report(today, per_day, tuple(windows), due, tuple(maturity), _streak(per_day, today))


def _streak(per_day: dict[date, int], today: date) -> int:
    day = today if per_day.get(today) else today - timedelta(days=1)
    streak = 0
    while per_day.get(day):
        streak += 1
        day -= timedelta(days=1)
    return streak


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


def render_plain(report: Report) -> list[str]:
    """The whole report as lines of text (``mesadrill stats --plain``)."""
    lines = [f"Reviews per day, last 12 months (busiest day: {max(report.per_day.values(), default=0)})"]
    lines.append(month_axis(report))
    lines.extend(heatmap_rows(report))
    lines.append(f"    less {HEAT_LEVELS[1:]} more   streak: {report.streak} day(s)")
    lines.append("")
    lines.append(f"  {'':<10}{'reviews':>8}  {'retention':>9}")
    for window in report.windows:
        retention = "-" if window.retention is None else f"{window.retention:.0%}"
        lines.append(f"  {'last ' + str(window.days) + 'd':<10}{window.reviews:>8}  {retention:>9}")
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
    return lines
