"""'Did you mean' hints for a misspelt name."""

from __future__ import annotations


def did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    import difflib  # only when something is misspelt

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
