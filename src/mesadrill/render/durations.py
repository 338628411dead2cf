"""Durations as a person reads them."""

from __future__ import annotations


def format_duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def clock_text(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def countdown_text(left: float) -> str:
    """Time left on a drill as m:ss (a started second counts), or how far over it is."""
    if left >= 0:
        whole = int(left + 0.999)
        return f"{whole // 60}:{whole % 60:02d}"
    over = int(-left)
    return f"+{over // 60}:{over % 60:02d} over"


def format_interval(days: int) -> str:
    """An interval as the grade keys show it: "1 d", "6 d", "3 mo", "1.5 y"."""
    if days < 31:
        return f"{days} d"
    if days < 365:
        return f"{round(days / 30.4)} mo"
    years = days / 365
    return f"{years:.1f} y" if years < 10 else f"{round(years)} y"


def interval_preview(intervals: dict[int, int] | None) -> str:
    """What each grade would schedule, equal neighbours merged: "0-2 → 1 d · 3-5 → 6 d".

    None means a grade now is a same-day repeat, which leaves the schedule as it is.
    """
    if intervals is None:
        return "a repeat today: the schedule stays as it is"
    groups: list[tuple[int, int, int]] = []  # first grade, last grade, days
    for quality in sorted(intervals):
        days = intervals[quality]
        if groups and groups[-1][2] == days:
            groups[-1] = (groups[-1][0], quality, days)
        else:
            groups.append((quality, quality, days))
    return " · ".join(
        f"{first if first == last else f'{first}-{last}'} → {format_interval(days)}" for first, last, days in groups
    )
