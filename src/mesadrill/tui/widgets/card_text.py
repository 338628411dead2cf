"""Deck text as Textual Content: always literal, never parsed as markup.

Everything shown from a deck goes through ``literal``, which builds Content
from plain text (``Content("...")`` does not parse markup), then adds our own
styles by span. Nothing here formats deck text into a markup string.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from mesadrill.core.cards import ChoiceCard, InterviewCard
from mesadrill.core.grades import Quality
from mesadrill.core.model import ItemKind, ReviewItem

# Fits one 80-column line; the full meanings are in the help screen (?).


def literal(text: str, spans: Iterable[tuple[int, int]] = (), style: str = "bold reverse") -> Content:
    """Plain text shown exactly as written, with ``spans`` emphasised."""
    content = Content(text)
    for start, end in spans:
        content = content.stylize(style, start, end)
    return content


def labelled(label: str, text: str, label_style: str = "bold") -> Content:
    """``label`` (ours) followed by ``text`` (from a deck, literal)."""
    return Content.assemble((label, label_style), Content(text))


def question(item: ReviewItem) -> Content:
    if item.kind is ItemKind.CLOZE:
        return literal(item.prompt, item.prompt_highlights, "bold $accent")
    return literal(item.prompt)


def choices(card: ChoiceCard, chosen: int | None, revealed: bool) -> Content:
    """Numbered choices; once revealed, the right one ticked and a wrong pick crossed."""
    lines = []
    for index, choice in enumerate(card.choices):
        mark = "  "
        style = ""
        if revealed and index == card.answer_index:
            mark, style = "✓ ", "bold $success"
        elif revealed and index == chosen:
            mark, style = "✗ ", "bold $error"
        elif index == chosen:
            mark, style = "› ", "bold"
        line = Content.assemble(
            (f"{mark}{index + 1}. ", style or "bold"), Content(choice).stylize(style) if style else Content(choice)
        )
        lines.append(line)
    return Content("\n").join(lines)


def answer(item: ReviewItem) -> Content:
    card = item.card
    if item.kind is ItemKind.CLOZE:
        return literal(item.answer, item.highlights, "bold $success")
    if isinstance(card, ChoiceCard):
        parts = [
            Content.assemble(
                (f"{card.answer_index + 1}. ", "bold $success"), Content(card.answer).stylize("bold $success")
            )
        ]
        if card.explanation:
            parts.append(Content(""))
            parts.append(literal(card.explanation))
        return Content("\n").join(parts)
    if isinstance(card, InterviewCard):
        parts = [literal(card.answer), Content(""), Content.styled("Key points", "bold")]
        parts.extend(labelled("  • ", point, "") for point in card.key_points)
        if card.pitfalls:
            parts.append(Content(""))
            parts.append(Content.styled("What a weak answer does", "bold"))
            parts.extend(labelled("  • ", pitfall, "") for pitfall in card.pitfalls)
        return Content("\n").join(parts)
    return literal(item.answer)


def source(item: ReviewItem) -> Content:
    if not item.source:
        return Content("")
    return Content.assemble(("Source: ", "italic $text-muted"), Content(item.source).stylize("italic $text-muted"))


def grade_legend(headline: str | None = None, *, fsrs: bool = False) -> Content:
    """The six grades on one line, under an optional bold headline (e.g. the suggestion).

    Under FSRS the keys are shown by what FSRS hears: 0-2 Again, 3 Hard, 4 Good, 5 Easy.
    """
    if fsrs:
        keys = [("0 1 2", "Again"), ("3", "Hard"), ("4", "Good"), ("5", "Easy")]
        legend = Content(" · ").join(Content.assemble((k, "bold $accent"), f" {name}") for k, name in keys)
        legend = Content.assemble(legend, " (FSRS)")
    else:
        legend = Content(" · ").join(Content.assemble((str(q.value), "bold $accent"), f" {q.short}") for q in Quality)
    if headline is None:
        return legend
    return Content.assemble((f"{headline}\n", "bold"), legend)
