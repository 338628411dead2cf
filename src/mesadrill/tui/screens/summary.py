"""The end of a session: what was done and what comes next."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mesadrill.core.grades import Quality
from mesadrill.render.durations import format_duration
from mesadrill.render.stats_text import BAR_LEVELS
from mesadrill.study.session_records import Summary
from mesadrill.tui.screens.base import MesadrillScreen
from mesadrill.tui.widgets.key_bar import KeyBar

BAR_WIDTH = 16  # keeps a grade line within 80 columns


class SummaryScreen(MesadrillScreen):
    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Done", tooltip="Back to the decks", id="summary.done"),
        Binding("s", "stats", "Stats", tooltip="Open the statistics", id="summary.stats"),
        Binding("q", "close", "Done", show=False),
        Binding("escape", "close", "Done", show=False),
    ]

    def __init__(self, summary: Summary, today: date) -> None:
        super().__init__()
        self.summary = summary
        self.today = today

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(self._headline(), id="headline")
            yield Static(self._grades(), id="grades")
            yield Static(self._repeated(), id="repeated")
            yield Static(self._forecast(), id="forecast")
        yield KeyBar()

    def _headline(self) -> Content:
        s = self.summary
        if s.reviewed == 0:
            return Content.styled("Session over: no grades given, nothing changed.", "bold")
        return Content.assemble(
            ("Session over. ", "bold"),
            f"{s.items} item(s) reviewed with {s.reviewed} grade(s) in {format_duration(s.seconds)}.",
        )

    def _grades(self) -> Content:
        s = self.summary
        peak = max(s.grades.values(), default=0)
        lines = [Content.styled("Grades", "bold")]
        for quality in range(5, -1, -1):
            count = s.grades.get(quality, 0)
            width = round(count * BAR_WIDTH / peak) if peak else 0
            bar = BAR_LEVELS[-1] * width
            # Number and bar first, the meaning last: on a narrow screen only the meaning wraps.
            lines.append(
                Content.assemble(
                    (f"  {quality} ", "bold $accent"),
                    f"{count:>4} ",
                    (f"{bar:<{BAR_WIDTH}}", "$accent"),
                    f" {self._meaning(Quality(quality))}",
                )
            )
        return Content("\n").join(lines)

    def _meaning(self, quality: Quality) -> str:
        """The full meaning where it fits on the line, else the short one."""
        room = self.app.size.width - 4 - 2 - len(f"  5 {0:>4} ") - BAR_WIDTH - 1  # padding, scroll bar, the rest
        return quality.meaning if len(quality.meaning) <= room else quality.short

    def _repeated(self) -> Content:
        repeated = self.summary.repeated
        if not repeated:
            return Content("No item needed repeating today.")
        lines = [Content.styled(f"Needed same-day repetition ({len(repeated)})", "bold")]
        for item in repeated[:8]:
            first_line = item.prompt.splitlines()[0] if item.prompt else ""
            lines.append(Content.assemble("  • ", Content(first_line).truncate(70, ellipsis=True)))
        if len(repeated) > 8:
            lines.append(Content(f"  … and {len(repeated) - 8} more"))
        return Content("\n").join(lines)

    def _forecast(self) -> Content:
        forecast = self.summary.forecast
        lines = [Content.styled("Due in the next 7 days", "bold")]
        if self.summary.again_today:
            lines.insert(
                0,
                Content.assemble(
                    (f"Again today: {self.summary.again_today}", "bold $warning"),
                    " (graded below 4; review again to pass them)\n",
                ),
            )
        peak = max(forecast.values(), default=0)
        for day, count in sorted(forecast.items()):
            label = "today" if day == self.today else day.strftime("%a %d %b")
            width = round(count * BAR_WIDTH / peak) if peak else 0
            lines.append(Content.assemble(f"  {label:<10} {count:>4} ", (BAR_LEVELS[-1] * width, "$accent")))
        return Content("\n").join(lines)

    def action_close(self) -> None:
        """Back to the decks when the session started there; otherwise (``mesadrill review``) quit."""
        self.mesadrill.close_screen()
