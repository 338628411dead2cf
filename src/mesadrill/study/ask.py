"""``ask``: the passages of the course readings (and the cards' notes) that answer a question.

No language model and nothing leaves the machine. Each reading is split at
its ``##`` headings into passages that keep their lesson, heading and line;
each card of a lesson adds one passage (its question, answer, explanation
and source). They go into an SQLite FTS5 index in the cache folder. A
question becomes an OR query of its words minus stop words, each stemmed by
FTS5's Porter stemmer (so "optimizers" finds "optimize"), and passages are
ranked with ``bm25()``, a heading match weighing more than the body. When
the best passage matches too few of the question's words, the answer is
"nothing matches well" rather than noise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from mesadrill import __version__
from mesadrill.core.ask_words import expanded, query_terms, stem
from mesadrill.core.cards import ChoiceCard
from mesadrill.core.course import Course, Lesson
from mesadrill.core.model import Deck
from mesadrill.core.records import record
from mesadrill.store.search_index import MARK_CLOSE, MARK_OPEN, Hit, PassageRow, SearchIndex
from mesadrill.study.course import lesson_items

MIN_COVERAGE = 0.3  # the best passage must match this share of the question's words
MIN_MATCHED = 2  # ... and at least this many of them (or all, for a one- or two-word question)
COVERAGE_BASE = 0.5  # the rank is bm25 times (this + the share of the question's words matched)
PASSAGES_VERSION = "passages-5"  # bump when what goes into the index changes


@record(frozen=True, slots=True)
class Answer:
    """A passage found for a question, with the spans of matched words in ``heading`` and ``text``."""

    kind: str
    course_id: str
    lesson_id: str
    lesson_title: str
    heading: str
    path: str
    line: int
    text: str
    heading_spans: tuple[tuple[int, int], ...]
    text_spans: tuple[tuple[int, int], ...]
    score: float
    matched: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@record(frozen=True, slots=True)
class AskResult:
    question: str
    terms: tuple[str, ...]
    answers: tuple[Answer, ...]  # empty when nothing matches well

    @property
    def found(self) -> bool:
        return bool(self.answers)


def fts_query(terms: Iterable[str]) -> str:
    return " OR ".join(f'"{term}"' for term in terms)


# ---- building the index


INTRODUCTION = "Introduction"
SOURCE_HEADINGS = frozenset({"sources", "references", "bibliography", "further reading"})


def _row(course: Course, lesson: Lesson, heading: str, path: str, line: int, body: list[str]) -> PassageRow:
    # A list of sources answers "where is this from", not the question: indexed apart.
    kind = "sources" if heading.strip().lower() in SOURCE_HEADINGS else "reading"
    return PassageRow(kind, course.id, lesson.id, lesson.title, heading, path, line, "\n".join(body).strip())


def reading_passages(course: Course, lesson: Lesson) -> Iterator[PassageRow]:
    """The lesson's reading split at ``##`` headings.

    Text before the first one is a passage headed "Introduction": its ``#``
    title restates the lesson's title, which every passage of the lesson is
    indexed with already, and weighted as a heading it would put the
    introduction first for any question naming the lesson's subject.
    """
    path = str(lesson.reading_path) if lesson.reading_path else str(course.path or course.id)
    heading = INTRODUCTION
    start = lesson.reading_line
    body: list[str] = []
    for offset, line in enumerate(lesson.reading.splitlines()):
        if line.startswith("## "):
            if any(text.strip() for text in body):
                yield _row(course, lesson, heading, path, start, body)
            heading = line[3:].strip()
            start = lesson.reading_line + offset
            body = []
        elif line.startswith("# ") and not body:
            continue
        else:
            body.append(line)
    if any(text.strip() for text in body):
        yield _row(course, lesson, heading, path, start, body)


def card_passages(course: Course, lesson: Lesson, decks: Mapping[str, Deck]) -> Iterator[PassageRow]:
    seen: set[tuple[str, str]] = set()
    for item in lesson_items(lesson, decks):
        card = item.card
        if (item.deck_id, card.id) in seen:
            continue
        seen.add((item.deck_id, card.id))
        if isinstance(card, ChoiceCard):
            parts = [card.answer, card.explanation or ""]
        else:
            parts = [item.answer]
        if card.source:
            parts.append(f"Source: {card.source}")
        deck = decks[item.deck_id]
        yield PassageRow(
            "card",
            course.id,
            lesson.id,
            lesson.title,
            item.prompt.strip(),
            str(deck.path) if deck.path else deck.id,
            card.line,
            "\n".join(part for part in parts if part).strip(),
        )


def passages(courses: Iterable[Course], decks: Mapping[str, Deck]) -> Iterator[PassageRow]:
    for course in courses:
        for lesson in course.lessons:
            yield from reading_passages(course, lesson)
            yield from card_passages(course, lesson, decks)


def signature(courses: Iterable[Course], decks: Iterable[Deck]) -> str:
    """What the index was built from: each file's path, size and modification time, and this build."""
    files: set[Path] = set()
    for course in courses:
        if course.path:
            files.add(course.path)
        files.update(lesson.reading_path for lesson in course.lessons if lesson.reading_path)
    files.update(deck.path for deck in decks if deck.path)
    parts = [__version__, PASSAGES_VERSION]
    for path in sorted(files):
        try:
            info = path.stat()
            parts.append(f"{path.resolve()}\0{info.st_size}\0{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}\0missing")
    import hashlib

    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def open_index(index_path: Path, courses: list[Course], decks: Mapping[str, Deck]) -> SearchIndex:
    """The index for these courses, rebuilt first when any of their files changed."""
    return SearchIndex.open(index_path, signature(courses, decks.values()), passages(courses, decks))


# ---- asking


def _spans(marked: str) -> tuple[str, tuple[tuple[int, int], ...], list[str]]:
    """Text without the markers, the spans they enclosed, and the words matched."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    length = 0
    start = -1
    for char in marked:
        if char == MARK_OPEN:
            start = length
        elif char == MARK_CLOSE:
            if start >= 0:
                spans.append((start, length))
                words.append("".join(text)[start:length])
            start = -1
        else:
            text.append(char)
            length += 1
    return "".join(text), tuple(spans), words


def _answer(hit: Hit, terms: list[str]) -> Answer:
    heading, heading_spans, heading_words = _spans(hit.marked_heading)
    text, text_spans, text_words = _spans(hit.marked_body)
    stems = {stem(word): term for word, term in expanded(terms).items()}
    matched = []
    for word in {*heading_words, *text_words}:
        term = stems.get(stem(word))
        if term is not None and term not in matched:
            matched.append(term)
    row = hit.row
    return Answer(
        row.kind,
        row.course_id,
        row.lesson_id,
        row.lesson_title,
        heading,
        row.path,
        row.line,
        text,
        heading_spans,
        text_spans,
        hit.score,
        tuple(sorted(matched, key=terms.index)),
    )


def _ranked(answers: list[Answer], terms: list[str]) -> list[Answer]:
    return sorted(answers, key=lambda a: a.score * (COVERAGE_BASE + len(a.matched) / len(terms)))


def good_enough(answer: Answer, terms: list[str]) -> bool:
    needed = min(len(terms), MIN_MATCHED)
    return len(answer.matched) >= needed and len(answer.matched) >= MIN_COVERAGE * len(terms)


def ask(index: SearchIndex, question: str, *, lesson_id: str | None = None, limit: int = 3) -> AskResult:
    terms = query_terms(question)
    if not terms:
        return AskResult(question, (), ())
    match = fts_query(expanded(terms))
    # The readings explain; a card's note backs them up: reading passages first, then the best card notes.
    # Among the best by bm25, a passage matching more of the question's distinct words ranks higher.
    readings = _ranked([_answer(hit, terms) for hit in index.search(match, limit * 4, lesson_id, "reading")], terms)
    cards = _ranked([_answer(hit, terms) for hit in index.search(match, limit * 4, lesson_id, "card")], terms)
    good = [a for a in readings if good_enough(a, terms)][:limit]
    good += [a for a in cards if good_enough(a, terms)][: max(1, limit - len(good))]
    return AskResult(question, tuple(terms), tuple(good))


def passage_for(index: SearchIndex, text: str, lesson_id: str) -> Answer | None:
    """The lesson's reading passage that best matches ``text`` (a card's question and answer), if any."""
    terms = query_terms(text)
    if not terms:
        return None
    hits = index.search(fts_query(expanded(terms)), 8, lesson_id, "reading")
    ranked = _ranked([_answer(hit, terms) for hit in hits], terms)
    return ranked[0] if ranked else None
