"""Statistics: a year of reviews, retention, what is coming due, and deck maturity."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mesadrill.render import stats_text
from mesadrill.study import stats
from mesadrill.tui.screens.base import MesadrillScreen
from mesadrill.tui.widgets.key_bar import KeyBar

HEAT_STYLES = ("$text-muted", "$success 40%", "$success 60%", "$success 80%", "$success")


class StatsScreen(MesadrillScreen):
    CSS_PATH = "stats.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "close", "Back", tooltip="Back", id="stats.back"),
        Binding("escape", "close", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        app = self.mesadrill
        runtime = app.runtime
        report = stats.build_report(
            app.store,
            app.catalog.decks(),
            runtime.today(),
            runtime.settings.leech_threshold,
            runtime.settings.scheduling,
            runtime.now(),
        )
        self.report = report
        with VerticalScroll(id="stats"):
            yield Static(self._heatmap(report), id="heatmap")
            yield Static(self._windows(report), id="windows")
            yield Static(self._due(report), id="due")
            yield Static(self._maturity(report), id="maturity")
        yield KeyBar()

    def _heatmap(self, report: stats.Report) -> Content:
        peak = max(report.per_day.values(), default=0)
        lines = [
            Content.styled(
                f"Reviews per day, last 12 months (busiest: {peak}; streak: {report.streak} day(s))", "bold"
            ),
            Content(stats_text.month_axis(report, weeks=stats_weeks(self.app.size.width))),
        ]
        for row in stats_text.heatmap_rows(report, weeks=stats_weeks(self.app.size.width)):
            label, cells = row[:4], row[4:]
            parts = [Content(label)]
            for cell in cells:
                level = stats_text.HEAT_LEVELS.find(cell)
                parts.append(Content.styled(cell, HEAT_STYLES[level]) if level > 0 else Content(cell))
            lines.append(Content.assemble(*parts))
        return Content("\n").join(lines)

    def on_resize(self) -> None:
        """As many weeks as the new width holds."""
        self.query_one("#heatmap", Static).update(self._heatmap(self.report))

    def _windows(self, report: stats.Report) -> Content:
        header, *rows = stats_text.retention_table(report)
        lines = [Content.styled(header, "bold"), *(Content(row) for row in rows)]
        return Content("\n").join(lines)

    def _due(self, report: stats.Report) -> Content:
        bars, scale = stats_text.due_bars(report)
        return Content.assemble(
            (f"Due in the next 30 days: {sum(report.due.values())}", "bold"),
            f" ({scale})\n  ",
            (bars, "$accent"),
        )

    def _maturity(self, report: stats.Report) -> Content:
        width = min(40, max((len(m.title) for m in report.maturity), default=4))
        lines = [Content.styled(f"  {'deck':<{width}}  {'new':>5}  {'learning':>8}  {'mature':>6}", "bold")]
        for m in report.maturity:
            title = Content(m.title).truncate(width, ellipsis=True)
            pad = " " * (width - title.cell_length)
            lines.append(Content.assemble("  ", title, pad, f"  {m.new:>5}  {m.learning:>8}  {m.mature:>6}"))
        lines.append(Content.styled("  mature = interval of 21 days or more", "$text-muted"))
        lines.append(Content("  " + stats_text.held_line(report)))
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.mesadrill.close_screen()


def stats_weeks(width: int) -> int:
    """As many weeks as fit beside the weekday labels, at most a year.

    Of the screen's ``width``: 4 columns of padding, 2 of scroll bar, 4 of weekday label.
    """
    return max(8, min(53, width - 10))
