"""Cloze text: ``{{...}}`` and ``{{c2::answer::hint}}`` deletions into plain text and spans."""

from __future__ import annotations

import re

from mesadrill.core.cards import ClozeDeletion

_EXPLICIT_CLOZE = re.compile(r"c([0-9]+)::")  # ASCII digits only
MAX_CLOZE_NUMBER = 999


def parse_cloze(text: str) -> tuple[str, tuple[ClozeDeletion, ...], list[tuple[int, str]]]:
    """Split a cloze text into its plain text and deletions.

    Problems come back as (offset in ``text``, message).
    """
    problems: list[tuple[int, str]] = []
    plain: list[str] = []
    length = 0
    found: list[tuple[int | None, str, str | None, int, int]] = []
    cursor = 0
    while True:
        opening = text.find("{{", cursor)
        stray = text.find("}}", cursor)
        if stray != -1 and (opening == -1 or stray < opening):
            problems.append((stray, "'}}' without a '{{' before it"))
            return "", (), problems
        if opening == -1:
            plain.append(text[cursor:])
            break
        closing = text.find("}}", opening + 2)
        if closing == -1:
            problems.append((opening, "'{{' is never closed with '}}'"))
            return "", (), problems
        inner = text[opening + 2 : closing]
        if "{{" in inner:
            problems.append((opening, "a cloze deletion cannot contain another"))
            return "", (), problems
        before = text[cursor:opening]
        plain.append(before)
        length += len(before)
        number: int | None = None
        inner = inner.strip()
        match = _EXPLICIT_CLOZE.match(inner)
        if match:
            digits = match.group(1)
            if len(digits) > len(str(MAX_CLOZE_NUMBER)) or int(digits) > MAX_CLOZE_NUMBER:
                shown = digits if len(digits) <= 12 else f"{digits[:6]}... ({len(digits)} digits)"
                problems.append((opening, f"cloze numbers go from c1 to c{MAX_CLOZE_NUMBER}, not c{shown}"))
                return "", (), problems
            number = int(digits)
            inner = inner[match.end() :]
        answer, _, hint = inner.partition("::")
        answer = answer.strip()
        if not answer:
            problems.append((opening, "a cloze deletion is empty"))
            return "", (), problems
        if number is not None and number < 1:
            problems.append((opening, "cloze numbers start at c1"))
            return "", (), problems
        plain.append(answer)
        found.append((number, answer, hint.strip() or None, length, length + len(answer)))
        length += len(answer)
        cursor = closing + 2
    if not found:
        problems.append((-1, "a cloze card needs at least one {{...}} deletion"))
        return "", (), problems
    explicit = [f for f in found if f[0] is not None]
    if explicit and len(explicit) != len(found):
        problems.append((-1, "use either numbered deletions {{c1::...}} or plain {{...}}, not both in one card"))
        return "", (), problems
    deletions = tuple(
        ClozeDeletion(number if number is not None else index, answer, hint, start, end)
        for index, (number, answer, hint, start, end) in enumerate(found, start=1)
    )
    return "".join(plain), deletions, problems
