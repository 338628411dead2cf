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
