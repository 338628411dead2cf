"""Property tests of the deck loader: cache round trips, cloze spans, and a parser that never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesadrill.decks import cache as deckcache
from mesadrill.decks.cloze import parse_cloze
from mesadrill.decks.load import parse_deck

# Text a deck author might write: any printable characters, including markup
# and YAML's own punctuation (safe_dump quotes what it must).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="{}"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s.strip() != "")
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)


@st.composite
def decks(draw: st.DrawFn) -> dict[str, object]:
    cards: list[dict[str, object]] = []
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    for card_id in ids:
        kind = draw(st.sampled_from(["basic", "cloze", "choice", "interview"]))
        card: dict[str, object] = {"id": card_id, "type": kind, "source": draw(TEXT)}
        if kind == "basic":
            card |= {"front": draw(TEXT), "back": draw(TEXT), "reverse": draw(st.booleans())}
        elif kind == "cloze":
            part = TEXT.filter(lambda s: ":" not in s)  # a colon inside would read as the '::' separator
            card["text"] = f"{draw(TEXT)} {{{{c1::{draw(part)}}}}} and {{{{c2::{draw(part)}::{draw(part)}}}}}"
        elif kind == "choice":
            choices = draw(st.lists(TEXT, min_size=2, max_size=4, unique=True))
            card |= {"question": draw(TEXT), "choices": choices, "answer": choices[0], "explanation": draw(TEXT)}
        else:
            card |= {
                "prompt": draw(TEXT),
                "answer": draw(TEXT),
                "key_points": draw(st.lists(TEXT, min_size=1, max_size=3)),
                "time_limit": draw(st.integers(10, 3600)),
                "follow_ups": draw(st.lists(TEXT, max_size=2)),
                "pitfalls": draw(st.lists(TEXT, max_size=2)),
            }
        card["tags"] = draw(st.lists(TEXT, max_size=2))
        cards.append(card)
    return {"deck": draw(IDS), "title": draw(TEXT), "description": draw(TEXT), "cards": cards}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decks())
def test_a_deck_read_back_from_the_cache_equals_the_parsed_one(document: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        parsed = deckcache.load(path)  # a miss: parses and writes the entry
        assert parsed.deck is not None, [p.message for p in parsed.problems]
        hits = deckcache.hits
        cached = deckcache.load(path)
        assert deckcache.hits == hits + 1, "the second load did not come from the cache"
        assert cached.deck == parsed.deck
        assert cached.problems == parsed.problems


SEGMENT = st.text(alphabet=st.characters(blacklist_characters="{}", blacklist_categories=("Cs",)), max_size=12)
ANSWER = SEGMENT.filter(lambda s: s.strip() != "" and "::" not in s and not s.strip().startswith("c"))


@given(st.lists(st.tuples(SEGMENT, ANSWER), min_size=1, max_size=5), SEGMENT)
def test_cloze_spans_point_at_their_answers_in_the_plain_text(pairs: list[tuple[str, str]], tail: str) -> None:
    text = "".join(f"{before}{{{{{answer}}}}}" for before, answer in pairs) + tail
    plain, deletions, problems = parse_cloze(text)
    assert problems == []
    assert plain == "".join(before + answer.strip() for before, answer in pairs) + tail
    assert [d.answer for d in deletions] == [answer.strip() for _, answer in pairs]
    for deletion in deletions:
        assert plain[deletion.start : deletion.end] == deletion.answer


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_the_parser_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    result = parse_deck(data, Path("fuzz.yaml"))
    assert result.deck is not None or result.errors


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_the_parser_never_raises_on_arbitrary_text(text: str) -> None:
    result = parse_deck(text.encode("utf-8", "surrogatepass"), Path("fuzz.yaml"))
    assert result.deck is not None or result.errors
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1
